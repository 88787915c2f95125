"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { StatusBadge } from "@/components/call-prep/brief-sections";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useSignedOut, useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";

/** PREPPER briefs for booked meetings; while dry run is on, they are prepared but not written to GHL. */
export default function CallPrepPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const signedOut = useSignedOut();
  const q = useInfiniteQuery({ ...trpc.callPrep.list.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (p) => p.nextCursor }), refetchInterval: 5000 });
  const toggle = useMutation(trpc.callPrep.setDryRun.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.callPrep.list.pathKey() }) }));
  const first = q.data?.pages[0];
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  let body;
  if (signedOut) body = <EmptyState title="You are signed out">Sign in again to see call-prep briefs.</EmptyState>;
  else if (q.isPending) body = <p className="text-sm text-slate-500">Loading…</p>;
  else if (q.isError) body = <QueryError message={`Could not load the briefs: ${q.error.message}`} />;
  else if (rows.length === 0) body = <EmptyState title="No call-prep briefs yet">A brief is written when a contact books a meeting through GHL (its appointment webhook). Meetings recorded any other way, such as the demo data's, have none.</EmptyState>;
  else body = (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 p-3 text-sm" data-testid="prep-row">
          <Link href={`/call-prep/${r.id}`} className="font-medium text-indigo-700 hover:underline">{[r.name, r.company].filter(Boolean).join(" · ") || "Erased contact"}</Link>
          <StatusBadge status={r.status} dryRun={r.dryRun} />
          <span className="text-slate-600">{r.meetingAt ? `meeting ${new Date(r.meetingAt).toLocaleString()}` : "meeting time unknown"} · {r.points} talking points</span>
          {r.draftId ? <Link href={`/inbox/${r.draftId}`} className="text-indigo-700 underline">Draft</Link> : null}
          <time className="ml-auto text-slate-500" dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <PageHeader
        title="Call prep"
        description={first ? `${first.total} brief(s), ${first.dryRuns} of them dry runs (prepared, not written to GHL).` : "Briefs for booked meetings"}
      />
      {first ? (
        <p role="status" className={`mb-4 flex flex-wrap items-center gap-3 rounded border p-3 text-sm ${first.dryRun ? "border-sky-300 bg-sky-50" : "border-emerald-300 bg-emerald-50"}`} data-testid="dry-run-mode">
          {first.dryRun ? "Dry run is ON: new briefs are prepared here but not written to the GHL contact. Check a few, then go live." : "Live: new briefs are written to the GHL contact's custom fields."}
          {canApprove(user) ? (
            <button type="button" disabled={toggle.isPending} className="ml-auto rounded border border-slate-300 bg-white px-3 py-1" onClick={() => toggle.mutate({ dryRun: !first.dryRun })}>
              {first.dryRun ? "Go live (write to GHL)" : "Back to dry run"}
            </button>
          ) : null}
        </p>
      ) : null}
      {toggle.isError ? <QueryError message={toggle.error.message} /> : null}
      {body}
      {q.hasNextPage ? <button type="button" className="mt-3 rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => void q.fetchNextPage()}>Load more</button> : null}
    </>
  );
}
