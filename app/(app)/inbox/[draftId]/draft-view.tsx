"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Checks, EmailPreview, EvidenceList, Panel, PreviousContact, RecipientCard, ScoreBreakdown } from "@/components/inbox/draft-panels";
import { ago, REASON_LABEL, RECOMMENDATION_LABEL, statusLabel } from "@/components/inbox/format";
import { TIER_STYLE } from "@/components/inbox/pending-item";
import { ShortcutHelp } from "@/components/inbox/shortcut-help";
import { QueryError } from "@/components/ui/query-error";
import { EmptyState } from "@/components/ui/empty-state";
import { useSignedOut, useTRPC } from "../../../_trpc/client";
import { canApprove, useCurrentUser } from "../../../_trpc/current-user";
import { useShortcuts } from "../use-shortcuts";
import { DecisionPanel, type Mode } from "./decision-panel";
import { EraseContact, OutcomePanel } from "./outcome-panel";

const AWAITING = new Set(["PENDING_REVIEW", "SNOOZED"]);

/** What happens next, in words: the truth about an approved draft that has not gone yet. */
type Waiting = { scheduledFor: string | null; refusal: { reason: string; at: string; retryAt: string | null } | null } | null;

/** Why an approved draft has not gone yet, in words: the hour it was scheduled for, or the last refusal and the next try. */
function waitingText(w: Waiting): string {
  if (w?.scheduledFor) return `Approved: scheduled for ${new Date(w.scheduledFor).toLocaleString()}, a better hour for this kind of contact.`;
  if (w?.refusal) {
    const next = w.refusal.retryAt ? ` Next try ${new Date(w.refusal.retryAt).toLocaleString()}.` : " It is retried on its own.";
    return `Approved, not sent yet: ${w.refusal.reason}.${next}`;
  }
  return "Approved: queued for sending.";
}

function sendState(d: { status: string; send: { status: string; mode: string; sentAt: string | null; error: string | null } | null; sendingPaused: boolean; waiting: Waiting }): string | null {
  const paused = "Waiting: sending is paused (PAUSE_ALL_SENDS). It goes out when sending resumes.";
  if (d.send) {
    const mode = d.send.mode.toLowerCase();
    if (d.send.status === "SENT") return `Sent (${mode}) ${d.send.sentAt ? new Date(d.send.sentAt).toLocaleString() : ""}`.trim();
    if (d.send.status === "SHADOW") return "Recorded in shadow mode: nothing left the machine.";
    if (d.send.status === "CLAIMED") return "Sending now…";
    if (d.send.status === "RELEASED") return d.sendingPaused ? paused : d.waiting?.refusal || d.waiting?.scheduledFor ? waitingText(d.waiting) : `Waiting to be sent: ${d.send.error ?? "a limit or the sending window"}. It is retried on its own.`;
    return `Send ${statusLabel(d.send.status)}${d.send.error ? `: ${d.send.error}` : ""}`;
  }
  if (d.status === "APPROVED") return d.sendingPaused ? paused : waitingText(d.waiting);
  return null;
}

export function DraftView() {
  const { draftId } = useParams<{ draftId: string }>();
  const trpc = useTRPC();
  const router = useRouter();
  const user = useCurrentUser();
  const signedOut = useSignedOut();
  const [mode, setMode] = useState<Mode>("view");
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<{ text: string; tone: "ok" | "warn" } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Live: another approver's decision or the send's progress shows up without a reload.
  // Kept fresh while viewed; a draft that never loaded is not asked for again every 4 s (one that
  // loaded keeps refreshing through a failed refresh, e.g. a server restart).
  const q = useQuery({ ...trpc.approvals.detail.queryOptions({ draftId }), refetchInterval: (query) => (mode === "view" && query.state.data !== undefined ? 4000 : false) });
  useEffect(() => {
    const m = new URLSearchParams(window.location.search).get("mode");
    if (m === "edit" || m === "reject" || m === "snooze") setMode(m);
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const d = q.data;
  const actionable = !!d && canApprove(user) && AWAITING.has(d.status);
  useShortcuts({
    a: actionable && mode === "view" ? () => document.getElementById("approve-now")?.click() : undefined,
    e: actionable ? () => setMode("edit") : undefined,
    r: actionable ? () => setMode("reject") : undefined,
    s: actionable ? () => setMode("snooze") : undefined,
    "?": () => setHelp((h) => !h),
    Escape: () => (help ? setHelp(false) : mode !== "view" ? setMode("view") : router.push("/inbox")),
  });

  if (signedOut) return <EmptyState title="You are signed out">Sign in again to see this draft.</EmptyState>;
  if (q.isPending) return <p className="text-sm text-slate-500">Loading the draft…</p>;
  if (q.isError && !q.data) {
    return (
      <div className="space-y-3">
        <QueryError message={`Could not load this draft: ${q.error.message}`} />
        <Link href="/inbox" className="text-sm text-indigo-700 hover:underline">← Back to the inbox</Link>
      </div>
    );
  }
  const draft = q.data;
  const next = sendState(draft);
  const lastReview = draft.reviews[draft.reviews.length - 1];

  return (
    <div className="space-y-4">
      {q.isError ? <p role="status" className="rounded border border-amber-300 bg-amber-50 p-2 text-sm">Could not refresh this draft ({q.error.message}); showing it as last loaded. Trying again.</p> : null}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link href="/inbox" className="text-indigo-700 hover:underline">← Inbox</Link>
        <button type="button" className="ml-auto rounded border border-slate-300 px-2 py-0.5" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>
      </div>
      <header>
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <span className={`rounded px-2 py-0.5 font-medium ${TIER_STYLE[draft.tier] ?? TIER_STYLE.LOW}`}>{draft.tier}</span>
          {draft.warm ? <span className="rounded bg-emerald-100 px-2 py-0.5 font-medium text-emerald-800">WARM</span> : null}
          <span className="rounded bg-slate-100 px-2 py-0.5" data-testid="draft-status">{statusLabel(draft.status)}</span>
          <span className="text-slate-500" data-testid="escalation">
            waiting {ago(draft.createdAt, draft.decidedAt ? new Date(draft.decidedAt).getTime() : now)}
            {" · "}{draft.alertedAt ? <>alerted {new Date(draft.alertedAt).toLocaleString()} (<Link href="/alerts" className="text-indigo-700 hover:underline">Alerts</Link>)</> : "not alerted yet (HOT leads alert at once, others after 2 h without a decision)"}
            {draft.snoozedUntil && draft.status === "SNOOZED" ? ` · snoozed until ${new Date(draft.snoozedUntil).toLocaleString()}` : ""}
          </span>
        </div>
        <h1 className="mt-2 break-words text-xl font-semibold sm:text-2xl">{draft.subject}</h1>
      </header>

      {notice ? <p role="status" className={`rounded border p-3 text-sm ${notice.tone === "ok" ? "border-emerald-300 bg-emerald-50" : "border-amber-300 bg-amber-50"}`}>{notice.text}</p> : null}
      {next ? <p role="status" className="rounded border border-sky-300 bg-sky-50 p-3 text-sm" data-testid="send-state">{next}</p> : null}
      {!AWAITING.has(draft.status) && lastReview ? (
        <p className="text-sm text-slate-600">
          {statusLabel(lastReview.decision)} by {lastReview.reviewer} {new Date(lastReview.at).toLocaleString()}
          {lastReview.reasonTag ? ` — ${REASON_LABEL[lastReview.reasonTag] ?? lastReview.reasonTag}` : ""}{lastReview.note ? `: “${lastReview.note}”` : ""}
        </p>
      ) : null}

      <Panel title="System recommendation">
        <p className="text-sm"><span className="font-medium">{draft.recommendation ? RECOMMENDATION_LABEL[draft.recommendation] ?? draft.recommendation : "None recorded"}</span>
          {draft.recommendationReason ? <span className="text-slate-600"> — {draft.recommendationReason}</span> : null}</p>
      </Panel>

      {actionable ? (
        <Panel title="Decision" testId="decision">
          <DecisionPanel
            key={`${draft.id}-${draft.version}`}
            draft={{ id: draft.id, version: draft.version, status: draft.status, subject: draft.subject, body: draft.body, recipientEmail: draft.recipient.email }}
            mode={mode}
            setMode={setMode}
            onDone={(text, tone) => setNotice({ text, tone })}
          />
        </Panel>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-4">
          <Panel title="The e-mail, exactly as it will be sent"><EmailPreview to={draft.recipient.email} composed={draft.composed} edited={draft.edited} /></Panel>
          <Panel title="Quality checks (when drafted)"><Checks items={draft.qualityChecks} /></Panel>
          {draft.reviews.some((r) => r.diff) ? (
            <Panel title="Changes made by the approver">
              {draft.reviews.filter((r) => r.diff).map((r, i) => (
                <pre key={i} className="overflow-x-auto whitespace-pre-wrap text-xs" data-testid="edit-diff">
                  {r.diff!.map((o, j) => <span key={j} className={o.op === "add" ? "block bg-emerald-50 text-emerald-800" : o.op === "del" ? "block bg-red-50 text-red-800 line-through" : "block"}>{o.op === "add" ? "+ " : o.op === "del" ? "- " : "  "}{o.line}</span>)}
                </pre>
              ))}
            </Panel>
          ) : null}
        </div>
        <div className="space-y-4">
          <Panel title="Recipient and company" testId="recipient"><RecipientCard r={draft.recipient} now={now} /></Panel>
          <Panel title="Why this lead scored"><ScoreBreakdown score={draft.score} tier={draft.tier} warm={draft.warm} items={draft.scoreBreakdown} /></Panel>
          <Panel title="Facts the e-mail rests on" testId="evidence"><EvidenceList items={draft.evidence} now={now} /></Panel>
          <Panel title="Previous contact"><PreviousContact items={draft.previousContact} /></Panel>
          <Panel title="What came back" testId="what-came-back"><OutcomePanel draftId={draft.id} /></Panel>
          {user.role === "ADMIN" ? <Panel title="Personal data" testId="personal-data"><EraseContact draftId={draft.id} erased={draft.recipient.erased} /></Panel> : null}
          <p className="text-xs text-slate-500">Template {draft.template.name} v{draft.template.version}, subject variant {draft.template.variant}.</p>
        </div>
      </div>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
