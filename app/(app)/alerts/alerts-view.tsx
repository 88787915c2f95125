"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertRow } from "@/components/alerts/alert-row";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";

const MONITOR_LABEL: Record<string, string> = {
  "reply-rate": "Reply rate (< 3 % over 24 h)",
  "domain-health": "Domain health (< 50)",
  "sending-domain": "Sending domain (bounces > 2 % or a complaint)",
};

function Incidents() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const q = useQuery(trpc.alerts.incidents.queryOptions());
  const resolve = useMutation(trpc.alerts.resolveIncident.mutationOptions({
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: trpc.alerts.incidents.queryKey() }), qc.invalidateQueries({ queryKey: trpc.settings.overview.queryKey() })]),
  }));
  if (q.isPending) return <p className="text-sm text-slate-500">Loading monitors…</p>;
  if (q.isError) return <QueryError message={`Could not load monitor incidents: ${q.error.message}`} />;
  const open = q.data.incidents.filter((i) => i.status === "OPEN");
  const past = q.data.incidents.filter((i) => i.status !== "OPEN").slice(0, 10);
  return (
    <section id="incidents" aria-labelledby="inc-h" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="inc-h" className="font-semibold">Monitors</h2>
      <p className="text-sm text-slate-600">
        Reply rate and domain health pause all sending; bounces or complaints pause the sending domain ({q.data.sendingDomain}). Only an approver resumes.
      </p>
      {resolve.error ? <p role="alert" className="mt-2 text-sm text-red-700">{resolve.error.message}</p> : null}
      {open.length === 0 ? <p className="mt-2 text-sm text-emerald-800" data-testid="no-incidents">No open incidents: no monitor is holding sending back.</p> : (
        <ul className="mt-2 divide-y divide-slate-100">
          {open.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-3 py-2" data-testid="incident">
              <div className="min-w-0 flex-1 text-sm">
                <p className="font-medium text-red-800">{MONITOR_LABEL[i.monitor] ?? i.monitor}{i.scope ? `: ${i.scope}` : ""}</p>
                <p className="text-slate-700">{i.reason} · since {new Date(i.openedAt).toLocaleString()}</p>
              </div>
              {canApprove(user) ? (
                <button type="button" className="rounded bg-indigo-700 px-3 py-1 text-sm text-white disabled:opacity-50" disabled={resolve.isPending} onClick={() => resolve.mutate({ incidentId: i.id })}>
                  Resume {i.monitor === "sending-domain" ? "domain" : "sending"}
                </button>
              ) : <span className="text-xs text-slate-500">an approver resumes</span>}
            </li>
          ))}
        </ul>
      )}
      {past.length ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-slate-600">Resolved incidents ({past.length})</summary>
          <ul className="mt-1 space-y-1 text-slate-600">
            {past.map((i) => <li key={i.id}>{MONITOR_LABEL[i.monitor] ?? i.monitor}: {i.reason} — resolved by {i.resolvedBy ?? "?"} {i.resolvedAt ? new Date(i.resolvedAt).toLocaleString() : ""}</li>)}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function AlertsView() {
  const trpc = useTRPC();
  const q = useInfiniteQuery(trpc.alerts.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (last) => last.nextCursor }));
  const first = q.data?.pages[0];
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Alerts"
        description={first?.mode === "live" ? "Alerts posted to Slack (about one a second), newest first." : "Sandbox: no Slack webhook is configured (SLACK_WEBHOOK_URL), so alerts are listed here instead of posted."}
      />
      <Incidents />
      {first ? (
        <p className="mb-3 text-sm text-slate-600" data-testid="alert-counts">
          {first.counts.sent} posted · {first.counts.sandbox} sandbox · {first.counts.queued} queued · {first.counts.failed} failed
        </p>
      ) : null}
      {q.isPending ? <p className="text-sm text-slate-500">Loading alerts…</p> : q.isError ? <QueryError message={`Could not load alerts: ${q.error.message}`} /> : items.length === 0 ? (
        <EmptyState title="No alerts yet">HOT leads, reviews waiting over 2 h, breakers opening, automatic pauses and the weekly digest appear here.</EmptyState>
      ) : (
        <ul className="space-y-2">{items.map((a) => <AlertRow key={a.id} a={a} />)}</ul>
      )}
      {q.hasNextPage ? (
        <button type="button" className="mt-3 rounded border border-slate-300 px-3 py-1 text-sm" disabled={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>Load more</button>
      ) : null}
    </>
  );
}
