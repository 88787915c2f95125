"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useState, type FormEvent } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC, useTRPCClient } from "../../_trpc/client";
import { useCurrentUser } from "../../_trpc/current-user";

type Filter = { actorType?: "USER" | "AGENT" | "SYSTEM"; agent?: string; action?: string; decision?: "ALLOW" | "DENY" | "INFO"; q?: string; from?: string; to?: string };

/** A refusal that is tried again on its own (the send claim's window, limit or pause deferrals): routine, not an alarm. */
function retried(evidence: string): boolean {
  try {
    return Boolean((JSON.parse(evidence) as { retryAt?: unknown }).retryAt);
  } catch {
    return false;
  }
}

function readFilter(f: FormData): Filter {
  const s = (k: string) => String(f.get(k) ?? "").trim() || undefined;
  const day = (k: string, end = false) => (s(k) ? new Date(`${s(k)}T00:00:00.000Z`).getTime() + (end ? 86_400_000 : 0) : undefined);
  const from = day("from");
  const to = day("to", true);
  return {
    actorType: s("actorType") as Filter["actorType"], agent: s("agent"), action: s("action"), decision: s("decision") as Filter["decision"], q: s("q"),
    from: from ? new Date(from).toISOString() : undefined, to: to ? new Date(to).toISOString() : undefined,
  };
}

export default function AuditPage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const [filter, setFilter] = useState<Filter>({});
  const [open, setOpen] = useState<number | null>(null);
  const log = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ ...filter, limit: 50 }, { getNextPageParam: (p) => p.nextCursor }));
  const last = useQuery(trpc.audit.lastVerification.queryOptions());
  const verify = useMutation(trpc.audit.verify.mutationOptions({ onSettled: () => qc.invalidateQueries({ queryKey: trpc.audit.lastVerification.queryKey() }) }));
  const rows = log.data?.pages.flatMap((p) => p.rows) ?? [];

  async function download() {
    const { filename, csv } = await client.audit.exportCsv.query(filter);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    Object.assign(document.createElement("a"), { href: url, download: filename }).click();
    URL.revokeObjectURL(url);
  }

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every decision, allowed or denied, with its evidence. Rows are hash-chained: changing, deleting or reordering one breaks the chain."
        actions={
          <div className="flex gap-2">
            <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => void download()}>Export CSV</button>
            {user.role === "ADMIN" ? <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => verify.mutate()} disabled={verify.isPending}>{verify.isPending ? "Verifying…" : "Verify chain"}</button> : null}
          </div>
        }
      />
      <p role="status" data-testid="chain-status" className={`mb-4 rounded p-3 text-sm ${!last.data ? "bg-slate-100 text-slate-700" : last.data.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
        {!last.data ? "The chain has not been verified yet." : last.data.ok
          ? `Chain intact: ${last.data.checked} entries verified ${new Date(last.data.at).toLocaleString()}.`
          : `Chain broken at entry ${last.data.brokenAtSeq} (${last.data.problem}), found ${new Date(last.data.at).toLocaleString()}.`}
      </p>
      <form className="mb-4 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4 lg:grid-cols-8" onSubmit={(e: FormEvent<HTMLFormElement>) => { e.preventDefault(); setFilter(readFilter(new FormData(e.currentTarget))); }}>
        <label className="flex flex-col">Actor<select name="actorType" className="rounded border border-slate-300 px-2 py-1"><option value="">any</option><option>USER</option><option>AGENT</option><option>SYSTEM</option></select></label>
        <label className="flex flex-col">Agent<input name="agent" placeholder="e.g. OPERATOR" className="rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">Action<input name="action" placeholder="e.g. send" className="rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">Decision<select name="decision" className="rounded border border-slate-300 px-2 py-1"><option value="">any</option><option>ALLOW</option><option>DENY</option><option>INFO</option></select></label>
        <label className="flex flex-col">Search<input name="q" placeholder="id, reason, evidence" className="rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">From<input type="date" name="from" className="rounded border border-slate-300 px-2 py-1" /></label>
        <label className="flex flex-col">To<input type="date" name="to" className="rounded border border-slate-300 px-2 py-1" /></label>
        <button type="submit" className="self-end rounded bg-indigo-600 px-3 py-1.5 font-medium text-white">Filter</button>
      </form>
      {log.isPending ? <p className="text-sm text-slate-500">Loading…</p> : log.isError ? <QueryError message={`Could not load the audit trail: ${log.error.message}`} /> : rows.length === 0 ? (
        <EmptyState title={Object.values(filter).some(Boolean) ? "No entries match these filters" : "No audit entries yet"} />
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr><th className="p-2">#</th><th className="p-2">Time</th><th className="p-2">Actor</th><th className="p-2">Action</th><th className="p-2">Decision</th><th className="p-2">Subject</th><th className="p-2"><span className="sr-only">Evidence</span></th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Fragment key={r.seq}>
                  <tr className="border-t border-slate-100 align-top" data-testid="audit-row">
                    <td className="p-2 font-mono text-xs">{r.seq}</td>
                    <td className="whitespace-nowrap p-2">{new Date(r.at).toLocaleString()}</td>
                    <td className="p-2">{r.actorName ?? r.agent ?? r.actorType.toLowerCase()}</td>
                    <td className="p-2 font-mono text-xs">{r.action}</td>
                    <td className={`p-2 ${r.decision !== "DENY" ? "" : retried(r.evidence) ? "text-amber-700" : "font-medium text-red-700"}`}>
                      {r.decision}{r.riskLevel ? ` · ${r.riskLevel}` : ""}{r.decision === "DENY" && retried(r.evidence) ? <span className="block text-xs">retried later</span> : null}
                    </td>
                    <td className="p-2 text-xs">
                      {r.subjectType === "draft" && r.subjectId ? <Link href={`/inbox/${r.subjectId}`} className="text-indigo-700 hover:underline">draft {r.subjectId}</Link> : r.subjectType ? `${r.subjectType} ${r.subjectId ?? ""}` : ""}
                      {r.reason ? <span className="block text-slate-600">{r.reason}</span> : null}
                    </td>
                    <td className="p-2"><button type="button" className="text-xs text-indigo-700 underline" aria-expanded={open === r.seq} onClick={() => setOpen(open === r.seq ? null : r.seq)}>Evidence</button></td>
                  </tr>
                  {open === r.seq ? (
                    <tr className="bg-slate-50"><td colSpan={7} className="p-2"><pre className="overflow-x-auto whitespace-pre-wrap text-xs">{JSON.stringify(JSON.parse(r.evidence), null, 2)}</pre></td></tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
          {log.hasNextPage ? <button type="button" className="m-2 rounded border border-slate-300 px-3 py-1 text-sm" onClick={() => void log.fetchNextPage()}>Load more</button> : null}
        </div>
      )}
    </>
  );
}
