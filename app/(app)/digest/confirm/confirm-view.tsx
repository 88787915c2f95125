"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../../_trpc/client";
import { canApprove, useCurrentUser } from "../../../_trpc/current-user";

const PROBLEM: Record<string, string> = {
  malformed: "This is not a valid override link.",
  signature: "This link was altered (its signature does not match), so it cannot be used.",
  expired: "This link has expired. Open the latest digest for current links.",
  used: "This link was already used. Each link works once.",
};

export function ConfirmView({ token }: { token: string }) {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const q = useQuery({ ...trpc.digest.inspectLink.queryOptions({ token }), enabled: token.length > 0, staleTime: 0 });
  const use = useMutation(trpc.digest.useLink.mutationOptions());

  const header = <PageHeader title="Confirm override" description="A link from the weekly digest. Nothing happens until you confirm." />;
  if (!token) return <>{header}<p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-800">{PROBLEM.malformed}</p></>;
  if (q.isPending) return <>{header}<p className="text-sm text-slate-500">Checking the link…</p></>;
  if (q.isError) return <>{header}<QueryError message={`Could not check the link: ${q.error.message}`} /></>;
  const { valid, problem, action } = q.data;
  return (
    <>
      {header}
      <section className="max-w-xl rounded-lg border border-slate-200 bg-white p-4" data-testid="confirm-card">
        {action ? (
          <>
            <h2 className="text-lg font-semibold" data-testid="confirm-title">{action.title}</h2>
            <p className="mt-1 text-sm text-slate-700">{action.effect}</p>
            <p className="mt-1 text-xs text-slate-500">Link valid until {new Date(action.expiresAt).toLocaleString()}.</p>
          </>
        ) : null}
        {use.isSuccess ? (
          <p role="status" className="mt-3 rounded bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="confirm-done">{use.data.message} Recorded in the audit trail.</p>
        ) : !valid ? (
          <p role="alert" className="mt-3 rounded bg-red-50 p-3 text-sm text-red-800" data-testid="confirm-problem">{PROBLEM[problem ?? "malformed"]}</p>
        ) : canApprove(user) ? (
          <form className="mt-4" onSubmit={(e) => { e.preventDefault(); use.mutate({ token }); }}>
            {use.error ? <p role="alert" className="mb-2 rounded bg-red-50 p-2 text-sm text-red-800">{use.error.message}</p> : null}
            <button type="submit" className="rounded bg-indigo-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-50" disabled={use.isPending}>
              {use.isPending ? "Working…" : `Confirm: ${action?.title ?? "override"}`}
            </button>
          </form>
        ) : (
          <p role="alert" className="mt-3 rounded bg-amber-50 p-3 text-sm text-amber-900">Only an approver can confirm this. Your role can read it.</p>
        )}
        <p className="mt-4 text-sm"><Link href="/digest" className="text-indigo-700 hover:underline">← Weekly digest</Link></p>
      </section>
    </>
  );
}
