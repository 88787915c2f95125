"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";

const STATUSES = ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const;
type Status = (typeof STATUSES)[number];
const STATUS_STYLE: Record<string, string> = {
  COMPLETED: "bg-emerald-50 text-emerald-800",
  FAILED: "bg-red-50 text-red-800",
  CANCELLED: "bg-slate-100 text-slate-700",
  RUNNING: "bg-indigo-50 text-indigo-800",
  QUEUED: "bg-amber-50 text-amber-800",
};
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export default function RunsPage() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | "">("");
  const [functionId, setFunctionId] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { limit: 25, status: status || undefined, functionId: functionId || undefined },
      { getNextPageParam: (p) => p.nextCursor, refetchInterval: 5_000 },
    ),
  );
  const rows = runs.data?.pages.flatMap((p) => p.rows) ?? [];
  const functions = runs.data?.pages[0]?.functions ?? [];
  return (
    <>
      <PageHeader title="Function runs" description="Every Inngest function run: status, attempts, steps and their (redacted) outputs." />
      <div className="mb-4 flex flex-wrap gap-3 text-sm">
        <label className="flex items-center gap-2">
          Status
          <select className="rounded border border-slate-300 px-2 py-1" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">All</option>
            {STATUSES.map((s) => <option key={s} value={s}>{s.toLowerCase()}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-2">
          Function
          <select className="rounded border border-slate-300 px-2 py-1" value={functionId} onChange={(e) => setFunctionId(e.target.value)}>
            <option value="">All</option>
            {functions.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </label>
      </div>
      {runs.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : runs.isError ? (
        <QueryError message={`Could not load runs: ${runs.error.message}`} />
      ) : rows.length === 0 ? (
        <EmptyState title="No runs yet" />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr><th className="p-2">Function</th><th className="p-2">Status</th><th className="p-2">Attempts</th><th className="p-2">Started</th><th className="p-2">Ended</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={`cursor-pointer border-t border-slate-100 ${selected === r.id ? "bg-indigo-50/50" : "hover:bg-slate-50"}`} onClick={() => setSelected(r.id)}>
                  <td className="p-2 font-mono text-xs"><button type="button" className="text-left underline-offset-2 hover:underline" onClick={() => setSelected(r.id)}>{r.functionId}</button></td>
                  <td className="p-2"><span className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[r.status] ?? ""}`}>{r.status.toLowerCase()}</span></td>
                  <td className="p-2">{r.attempts}</td>
                  <td className="p-2 whitespace-nowrap">{when(r.startedAt)}</td>
                  <td className="p-2 whitespace-nowrap">{when(r.endedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.hasNextPage ? (
            <button type="button" className="m-2 rounded border border-slate-300 px-3 py-1 text-sm" onClick={() => void runs.fetchNextPage()}>Load more</button>
          ) : null}
        </div>
      )}
      {selected ? <RunDetail runId={selected} onClose={() => setSelected(null)} /> : null}
    </>
  );
}

function RunDetail({ runId, onClose }: { runId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const run = useQuery(trpc.runs.get.queryOptions({ runId }, { refetchInterval: 3_000 }));
  const refresh = () => void qc.invalidateQueries({ queryKey: trpc.runs.pathKey() });
  const cancel = useMutation(trpc.runs.cancel.mutationOptions({ onSuccess: refresh }));
  const replay = useMutation(trpc.runs.replay.mutationOptions({ onSuccess: refresh }));
  if (run.isPending) return <p className="mt-6 text-sm text-slate-500">Loading run…</p>;
  if (run.isError) return <QueryError message={`Could not load the run: ${run.error.message}`} />;
  const r = run.data;
  const active = r.status === "QUEUED" || r.status === "RUNNING";
  const actionError = cancel.error?.message ?? replay.error?.message;
  return (
    <section aria-label="Run detail" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h2 className="font-semibold">{r.functionId}</h2>
        <span className={`rounded px-2 py-0.5 text-xs ${STATUS_STYLE[r.status] ?? ""}`}>{r.status.toLowerCase()}</span>
        <span className="font-mono text-xs text-slate-500">{r.id}</span>
        <div className="ml-auto flex gap-2">
          {active ? <button type="button" className="rounded border border-red-300 px-3 py-1 text-red-700" disabled={cancel.isPending} onClick={() => cancel.mutate({ runId })}>Cancel run</button> : null}
          <button type="button" className="rounded border border-slate-300 px-3 py-1" disabled={replay.isPending} onClick={() => replay.mutate({ runId })}>Replay event</button>
          <button type="button" className="rounded border border-slate-300 px-3 py-1" onClick={onClose}>Close</button>
        </div>
      </div>
      {actionError ? <p role="alert" className="mb-3 rounded bg-red-50 p-2 text-red-800">{actionError}</p> : null}
      {replay.data ? <p role="status" className="mb-3 rounded bg-emerald-50 p-2 text-emerald-800">Event sent again ({replay.data.eventIds.join(", ")}).</p> : null}
      <p className="mb-3 text-slate-600">Triggered by <span className="font-mono">{r.eventName}</span> · {r.attempts} attempt(s)</p>
      {r.error ? <pre className="mb-3 overflow-x-auto rounded bg-red-50 p-2 text-xs text-red-800">{r.error}</pre> : null}
      {r.output ? <pre className="mb-3 overflow-x-auto rounded bg-slate-50 p-2 text-xs">{r.output}</pre> : null}
      <h3 className="mb-1 font-medium">Steps</h3>
      {r.steps.length === 0 ? <p className="mb-3 text-slate-500">No steps yet.</p> : (
        <ol className="mb-3 space-y-2">
          {r.steps.map((s) => (
            <li key={s.stepId} className="rounded border border-slate-100 p-2">
              <div className="flex flex-wrap gap-2"><span className="font-medium">{s.name}</span><span className="text-xs text-slate-500">{s.op} · {s.status.toLowerCase()} · {s.attempts} attempt(s)</span></div>
              {s.output ? <pre className="mt-1 overflow-x-auto text-xs text-slate-700">{s.output}</pre> : null}
              {s.error ? <pre className="mt-1 overflow-x-auto text-xs text-red-700">{s.error}</pre> : null}
            </li>
          ))}
        </ol>
      )}
      {r.pending.length ? (
        <p className="mb-3 text-slate-600">Pending: {r.pending.map((p) => `${p.kind.toLowerCase()} at ${when(p.at)}${p.attempt ? ` (attempt ${p.attempt + 1})` : ""}`).join("; ")}</p>
      ) : null}
      <h3 className="mb-1 font-medium">Timeline</h3>
      <ul className="space-y-0.5 text-xs">{r.timeline.map((e, i) => <li key={i}><span className="text-slate-500">{when(e.at)}</span> — {e.label}</li>)}</ul>
    </section>
  );
}
