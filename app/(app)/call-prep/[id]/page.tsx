"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { BriefSections, StatusBadge } from "@/components/call-prep/brief-sections";
import { EmptyState } from "@/components/ui/empty-state";
import { QueryError } from "@/components/ui/query-error";
import { useSignedOut, useTRPC } from "../../../_trpc/client";
import { canApprove, useCurrentUser } from "../../../_trpc/current-user";

export default function CallPrepDetailPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const signedOut = useSignedOut();
  const q = useQuery(trpc.callPrep.detail.queryOptions({ id }));
  const writeNow = useMutation(trpc.callPrep.writeNow.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.callPrep.pathKey() }) }));
  if (signedOut) return <EmptyState title="You are signed out">Sign in again to see this brief.</EmptyState>;
  if (q.isPending) return <p className="text-sm text-slate-500">Loading the brief…</p>;
  if (q.isError) return <QueryError message={`Could not load this brief: ${q.error.message}`} />;
  const d = q.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Link href="/call-prep" className="text-indigo-700 hover:underline">← Call prep</Link>
        {d.draftId ? <Link href={`/inbox/${d.draftId}`} className="ml-auto text-indigo-700 hover:underline">The draft and its e-mail →</Link> : null}
      </div>
      <header className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold sm:text-2xl">{d.brief ? `Call with ${d.brief.person.name ?? d.brief.company.name ?? "this contact"}` : "Erased brief"}</h1>
        <StatusBadge status={d.status} dryRun={d.dryRun} />
      </header>
      <p className="text-sm text-slate-600">
        Prepared {new Date(d.createdAt).toLocaleString()}
        {d.writtenAt ? ` · written to GHL (${(d.writeMode ?? "").toLowerCase()}) ${new Date(d.writtenAt).toLocaleString()}` : d.dryRun && d.status === "PREPARED" ? " · dry run: nothing was written to GHL" : ""}
        {d.error ? ` · ${d.error}` : ""}
      </p>
      {canApprove(user) && (d.status === "PREPARED" || d.status === "FAILED") ? (
        <button type="button" disabled={writeNow.isPending} className="rounded bg-indigo-700 px-3 py-1.5 text-sm text-white" onClick={() => writeNow.mutate({ id })}>
          Write this brief to GHL now
        </button>
      ) : null}
      {writeNow.data ? <p role="status" className="text-sm">{writeNow.data.status === "WRITTEN" ? "Written to the GHL contact." : `Not written: ${writeNow.data.error ?? writeNow.data.status}`}</p> : null}
      {writeNow.isError ? <QueryError message={writeNow.error.message} /> : null}
      {d.brief ? <BriefSections b={d.brief} /> : <EmptyState title="Erased">This contact's personal data was erased; the brief went with it.</EmptyState>}
      {d.fields.length > 0 ? (
        <section className="rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-label="GHL custom fields">
          <h2 className="mb-2 font-semibold text-slate-700">{d.status === "WRITTEN" ? "Custom fields written to GHL" : "Custom fields as they would be written to GHL"}{d.contactId ? ` (contact ${d.contactId})` : ""}</h2>
          <dl className="space-y-2">{d.fields.map((f) => <div key={f.key}><dt className="font-mono text-xs text-slate-500">{f.key}</dt><dd className="whitespace-pre-wrap break-words">{f.field_value}</dd></div>)}</dl>
        </section>
      ) : null}
    </div>
  );
}
