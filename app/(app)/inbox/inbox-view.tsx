"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { FilterBar, type InboxFilter } from "@/components/inbox/filter-bar";
import { PendingItem } from "@/components/inbox/pending-item";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useSignedOut, useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";
import { useShortcuts } from "./use-shortcuts";

// Loaded when first shown, not with the page: the dialogs open on demand, and the test-visitor
// panel is for approvers only (keeps the inbox's first-load JavaScript down).
const ConfirmBulk = lazy(() => import("@/components/inbox/confirm-bulk").then((m) => ({ default: m.ConfirmBulk })));
const ShortcutHelp = lazy(() => import("@/components/inbox/shortcut-help").then((m) => ({ default: m.ShortcutHelp })));
const TestVisitorPanel = lazy(() => import("./test-visitor-panel").then((m) => ({ default: m.TestVisitorPanel })));

/** The queue refreshes itself this often (new drafts, other approvers' decisions). */
const POLL_MS = 5000;

export function InboxView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const user = useCurrentUser();
  const approver = canApprove(user);
  const signedOut = useSignedOut();
  const [filter, setFilter] = useState<InboxFilter>({});
  const [cursor, setCursor] = useState(0);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<{ tone: "ok" | "warn"; text: string } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const q = useInfiniteQuery({
    ...trpc.approvals.pending.infiniteQueryOptions({ limit: 25, filter }, { getNextPageParam: (p) => p.nextCursor }),
    refetchInterval: POLL_MS,
  });
  const items = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const head = q.data?.pages[0];
  const active = items[Math.min(cursor, Math.max(0, items.length - 1))];

  // pathKey: the queue is an infinite query, whose keys queryKey() (a plain query's) does not match.
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.approvals.pending.pathKey() });
  const approve = useMutation(trpc.approvals.approve.mutationOptions({
    onSuccess: (r) => setNotice({ tone: "ok", text: r.already ? "You had already approved this draft." : "Approved: it goes to the send path." }),
    onError: (e) => setNotice({ tone: "warn", text: e.message }),
    onSettled: refresh,
  }));
  const bulk = useMutation(trpc.approvals.bulkApprove.mutationOptions({
    onSuccess: (r) => {
      const failed = r.results.filter((x) => !x.ok);
      const ok = r.results.length - failed.length;
      setNotice({
        tone: failed.length ? "warn" : "ok",
        text: `Approved ${ok} of ${r.results.length}.${failed.length ? ` Not approved: ${failed.map((f) => f.message).join(" ")}` : ""}`,
      });
      setChecked(new Set());
      setConfirming(false);
    },
    onError: (e) => {
      setNotice({ tone: "warn", text: e.message });
      setConfirming(false);
    },
    onSettled: refresh,
  }));

  const toggle = (id: string) => setChecked((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id);
    else n.add(id);
    return n;
  });
  const open = (mode?: string) => active && router.push(`/inbox/${active.id}${mode ? `?mode=${mode}` : ""}`);
  useShortcuts({
    j: () => setCursor((c) => Math.min(c + 1, items.length - 1)),
    k: () => setCursor((c) => Math.max(c - 1, 0)),
    o: () => open(),
    Enter: () => open(),
    a: approver ? () => active && !approve.isPending && approve.mutate({ draftId: active.id, version: active.version }) : undefined,
    e: approver ? () => open("edit") : undefined,
    r: approver ? () => open("reject") : undefined,
    s: approver ? () => open("snooze") : undefined,
    x: approver ? () => active && toggle(active.id) : undefined,
    "?": () => setHelp((h) => !h),
    Escape: () => setHelp(false),
  }, !confirming);

  const selected = items.filter((i) => checked.has(i.id));
  let body;
  if (signedOut) body = <EmptyState title="You are signed out">Sign in again to see the drafts waiting for review. (The list is not empty: we cannot see it.)</EmptyState>;
  else if (q.isPending) body = <p className="text-sm text-slate-500">Loading drafts…</p>;
  else if (q.isError) body = <QueryError message={`Could not load the inbox: ${q.error.message}`} />;
  else if (items.length === 0) {
    const filtered = !!(filter.tier || filter.warm || filter.age || filter.templateId);
    body = (
      <EmptyState title={filtered ? "No drafts match these filters" : "Nothing waiting for review"}>
        {filtered ? `${head?.counts.all ?? 0} draft(s) are waiting in total; clear the filters to see them.`
          : head?.sendingPaused ? "No drafts are waiting, and sending is paused (PAUSE_ALL_SENDS): approved drafts wait until it is turned off in Settings."
          : "No drafts are waiting for a decision right now. New ones appear here on their own."}
      </EmptyState>
    );
  } else {
    body = (
      <>
        <ul className="space-y-3">
          {items.map((item, i) => (
            <PendingItem
              key={item.id}
              item={item}
              now={now}
              active={i === cursor}
              select={approver ? (
                <input type="checkbox" className="h-5 w-5" aria-label={`Select ${item.subject}`} checked={checked.has(item.id)} onChange={() => toggle(item.id)} />
              ) : undefined}
              actions={approver ? (
                <>
                  <button type="button" className="rounded bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50" disabled={approve.isPending}
                    onClick={() => approve.mutate({ draftId: item.id, version: item.version })}>Approve</button>
                  <Link href={`/inbox/${item.id}?mode=edit`} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Edit…</Link>
                  <Link href={`/inbox/${item.id}?mode=reject`} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Reject…</Link>
                </>
              ) : undefined}
            />
          ))}
        </ul>
        {q.hasNextPage ? (
          <button type="button" className="mt-3 rounded border border-slate-300 px-3 py-1.5 text-sm" disabled={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            {q.isFetchingNextPage ? "Loading…" : `Load more (${items.length} of ${head?.total ?? 0})`}
          </button>
        ) : null}
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Inbox"
        description={head ? `${head.total} draft${head.total === 1 ? "" : "s"} awaiting review${head.total !== head.counts.all ? ` (of ${head.counts.all})` : ""} · hottest and newest first` : "Drafts awaiting review"}
        actions={
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Link href="/outbox" className="rounded border border-slate-300 px-2 py-1">Sandbox outbox</Link>
            <button type="button" className="hidden rounded border border-slate-300 px-2 py-1 sm:inline-block" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">?</button>
          </div>
        }
      />
      {approver ? <Suspense fallback={null}><TestVisitorPanel /></Suspense> : null}
      <FilterBar filter={filter} counts={head?.counts} templates={head?.templates ?? []} onChange={(f) => { setFilter(f); setCursor(0); }} />
      {approver && items.length > 0 ? (
        <div className="mb-3 flex flex-wrap items-center gap-2 text-sm">
          <button type="button" className="rounded border border-slate-300 px-2 py-1" onClick={() => setChecked(checked.size === items.length ? new Set() : new Set(items.map((i) => i.id)))}>
            {checked.size === items.length ? "Clear selection" : "Select all shown"}
          </button>
          <button type="button" className="rounded bg-emerald-700 px-3 py-1 font-medium text-white disabled:opacity-40" disabled={selected.length === 0 || selected.length > 25} onClick={() => setConfirming(true)}>
            Approve selected ({selected.length}){selected.length > 25 ? " — at most 25 at once" : ""}
          </button>
        </div>
      ) : null}
      {notice ? (
        <p role="status" className={`mb-4 rounded border p-3 text-sm ${notice.tone === "ok" ? "border-emerald-300 bg-emerald-50" : "border-amber-300 bg-amber-50"}`}>{notice.text}</p>
      ) : null}
      {body}
      <Suspense fallback={null}>
        {confirming ? (
          <ConfirmBulk items={selected} busy={bulk.isPending} onCancel={() => setConfirming(false)}
            onConfirm={() => bulk.mutate({ items: selected.map((i) => ({ draftId: i.id, version: i.version })) })} />
        ) : null}
        {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
      </Suspense>
    </>
  );
}
