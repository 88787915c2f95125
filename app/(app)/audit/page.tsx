"use client";

import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";
import { useCurrentUser } from "../../_trpc/current-user";

export default function AuditPage() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const verify = useMutation(trpc.audit.verify.mutationOptions());
  const rows = log.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every decision, allowed or denied, with its evidence. Rows are hash-chained."
        actions={
          user.role === "ADMIN" ? (
            <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => verify.mutate()} disabled={verify.isPending}>
              Verify chain
            </button>
          ) : null
        }
      />
      {verify.data ? (
        <p role="status" className={`mb-4 rounded p-3 text-sm ${verify.data.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800"}`}>
          {verify.data.ok
            ? `Chain intact: ${verify.data.checked} entries verified.`
            : `Chain broken at entry ${verify.data.brokenAtSeq} (${verify.data.problem}).`}
        </p>
      ) : null}
      {log.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : log.isError ? (
        <QueryError message={`Could not load the audit trail: ${log.error.message}`} />
      ) : rows.length === 0 ? (
        <EmptyState title="No audit entries yet" />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr><th className="p-2">#</th><th className="p-2">Time</th><th className="p-2">Actor</th><th className="p-2">Action</th><th className="p-2">Decision</th><th className="p-2">Subject</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq} className="border-t border-slate-100 align-top">
                  <td className="p-2 font-mono text-xs">{r.seq}</td>
                  <td className="p-2 whitespace-nowrap">{new Date(r.at).toLocaleString()}</td>
                  <td className="p-2">{r.agent ?? r.actorType}</td>
                  <td className="p-2 font-mono text-xs">{r.action}</td>
                  <td className="p-2">{r.decision}</td>
                  <td className="p-2 text-xs">{r.subjectType ? `${r.subjectType} ${r.subjectId ?? ""}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.hasNextPage ? (
            <button type="button" className="m-2 rounded border border-slate-300 px-3 py-1 text-sm" onClick={() => void log.fetchNextPage()}>
              Load more
            </button>
          ) : null}
        </div>
      )}
    </>
  );
}
