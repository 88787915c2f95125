"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Checks, EmailPreview } from "@/components/inbox/draft-panels";
import { REASON_LABEL } from "@/components/inbox/format";
import { useTRPC, useTRPCClient } from "../../../_trpc/client";

export type Mode = "view" | "edit" | "reject" | "snooze";
const REASONS = Object.keys(REASON_LABEL) as (keyof typeof REASON_LABEL)[];

const btn = "rounded px-3 py-2 text-sm font-medium disabled:opacity-50";
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000);
function tomorrowAt9() {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d;
}

/** Approve / edit / reject / snooze for one draft. Every action carries the version it was shown. */
export function DecisionPanel({ draft, mode, setMode, onDone }: {
  draft: { id: string; version: number; status: string; subject: string; body: string; recipientEmail: string | null };
  mode: Mode;
  setMode: (m: Mode) => void;
  onDone: (text: string, tone: "ok" | "warn") => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const ref = { draftId: draft.id, version: draft.version };
  const settle = () => {
    void qc.invalidateQueries({ queryKey: trpc.approvals.detail.queryKey({ draftId: draft.id }) });
    void qc.invalidateQueries({ queryKey: trpc.approvals.pending.pathKey() }); // every page and filter of the (infinite) queue
  };
  const handlers = (ok: string) => ({
    onSuccess: (r: { already: boolean }) => { onDone(r.already ? "You had already done this; nothing changed." : ok, "ok"); setMode("view"); },
    onError: (e: { message: string }) => onDone(e.message, "warn"),
    onSettled: settle,
  });
  const approve = useMutation(trpc.approvals.approve.mutationOptions(handlers("Approved: it goes to the send path.")));
  // A refused edit is also said beside its button (on a phone the page's notice is far above).
  const [editError, setEditError] = useState<string | null>(null);
  const editHandlers = handlers("Approved with your edit: the edited e-mail goes to the send path.");
  const approveEdited = useMutation(trpc.approvals.approveEdited.mutationOptions({
    ...editHandlers,
    onMutate: () => setEditError(null),
    onError: (e: { message: string }) => { setEditError(e.message); editHandlers.onError(e); },
  }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions(handlers("Rejected. It will not be sent, and this e-mail will not be drafted for this lead again.")));
  const snooze = useMutation(trpc.approvals.snooze.mutationOptions(handlers("Snoozed.")));
  const unsnooze = useMutation(trpc.approvals.unsnooze.mutationOptions(handlers("Back in the queue.")));
  const busy = approve.isPending || approveEdited.isPending || reject.isPending || snooze.isPending || unsnooze.isPending;

  const [subject, setSubject] = useState(draft.subject);
  const [body, setBody] = useState(draft.body);
  const [preview, setPreview] = useState<{ ok: boolean; checks: { check: string; ok: boolean; detail: string }[]; composed: { subject: string; text: string; html: string } | null } | null>(null);
  const [checking, setChecking] = useState(false);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [custom, setCustom] = useState("");

  const runCheck = async () => {
    setChecking(true);
    try {
      setPreview(await client.approvals.previewEdit.query({ draftId: draft.id, subject, body }));
    } catch (e) {
      onDone((e as Error).message, "warn");
    } finally {
      setChecking(false);
    }
  };

  if (mode === "edit") {
    return (
      <form className="space-y-2" aria-label="Edit the draft" onSubmit={(e) => { e.preventDefault(); approveEdited.mutate({ ...ref, subject, body }); }}>
        <label className="block text-sm">Subject
          <input className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5" value={subject} onChange={(e) => { setSubject(e.target.value); setPreview(null); }} />
        </label>
        <label className="block text-sm">Body (signature and footer are added by the server)
          <textarea className="mt-1 h-64 w-full rounded border border-slate-300 px-2 py-1.5 font-mono text-sm" value={body} onChange={(e) => { setBody(e.target.value); setPreview(null); }} />
        </label>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={`${btn} border border-slate-300`} disabled={checking} onClick={() => void runCheck()}>{checking ? "Checking…" : "Check and preview"}</button>
          <button type="submit" className={`${btn} bg-emerald-600 text-white`} disabled={busy}>Approve edited</button>
          <button type="button" className={`${btn} border border-slate-300`} onClick={() => setMode("view")}>Cancel</button>
        </div>
        {editError ? <p role="alert" data-testid="edit-error" className="rounded bg-red-50 p-2 text-sm text-red-800">{editError}</p> : null}
        {preview ? (
          <div className="space-y-2 rounded border border-slate-200 p-2">
            <p className={`text-sm font-medium ${preview.ok ? "text-emerald-700" : "text-red-700"}`}>{preview.ok ? "The edit passes every check." : "The edit fails a check: it cannot be approved like this."}</p>
            <Checks items={preview.checks} />
            <EmailPreview to={draft.recipientEmail} composed={preview.composed} edited />
          </div>
        ) : null}
      </form>
    );
  }
  if (mode === "reject") {
    return (
      <form className="space-y-2" aria-label="Reject the draft" onSubmit={(e) => { e.preventDefault(); if (reason) reject.mutate({ ...ref, reasonTag: reason as "OTHER", note: note.trim() || undefined }); }}>
        <label className="block text-sm">Reason (required)
          <select className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5" value={reason} onChange={(e) => setReason(e.target.value)} required>
            <option value="">Choose a reason…</option>
            {REASONS.map((r) => <option key={r} value={r}>{REASON_LABEL[r]}</option>)}
          </select>
        </label>
        <label className="block text-sm">Note (optional)
          <textarea className="mt-1 h-20 w-full rounded border border-slate-300 px-2 py-1.5 text-sm" maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={`${btn} bg-red-600 text-white`} disabled={busy || !reason}>Reject draft</button>
          <button type="button" className={`${btn} border border-slate-300`} onClick={() => setMode("view")}>Cancel</button>
        </div>
      </form>
    );
  }
  if (mode === "snooze") {
    const go = (until: Date) => snooze.mutate({ ...ref, until: until.toISOString() });
    return (
      <div className="space-y-2" role="group" aria-label="Snooze the draft">
        <div className="flex flex-wrap gap-2">
          <button type="button" className={`${btn} border border-slate-300`} disabled={busy} onClick={() => go(inHours(1))}>1 hour</button>
          <button type="button" className={`${btn} border border-slate-300`} disabled={busy} onClick={() => go(inHours(4))}>4 hours</button>
          <button type="button" className={`${btn} border border-slate-300`} disabled={busy} onClick={() => go(tomorrowAt9())}>Tomorrow 9:00</button>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <label className="text-sm">Until
            <input type="datetime-local" className="ml-1 rounded border border-slate-300 px-2 py-1" value={custom} onChange={(e) => setCustom(e.target.value)} />
          </label>
          <button type="button" className={`${btn} bg-sky-600 text-white`} disabled={busy || !custom} onClick={() => go(new Date(custom))}>Snooze</button>
          <button type="button" className={`${btn} border border-slate-300`} onClick={() => setMode("view")}>Cancel</button>
        </div>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap gap-2">
      <button id="approve-now" type="button" className={`${btn} bg-emerald-600 text-white`} disabled={busy} onClick={() => approve.mutate(ref)}>Approve</button>
      <button type="button" className={`${btn} border border-slate-300`} disabled={busy} onClick={() => setMode("edit")}>Edit</button>
      <button type="button" className={`${btn} border border-red-300 text-red-700`} disabled={busy} onClick={() => setMode("reject")}>Reject</button>
      {draft.status === "SNOOZED"
        ? <button type="button" className={`${btn} border border-slate-300`} disabled={busy} onClick={() => unsnooze.mutate(ref)}>Unsnooze</button>
        : <button type="button" className={`${btn} border border-slate-300`} disabled={busy} onClick={() => setMode("snooze")}>Snooze</button>}
    </div>
  );
}
