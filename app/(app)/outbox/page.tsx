"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { statusLabel } from "@/components/inbox/format";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useSignedOut, useTRPC } from "../../_trpc/client";

/** What the GHL sandbox "sent": nothing left the machine, but this is exactly what would have. */
export default function OutboxPage() {
  const trpc = useTRPC();
  const signedOut = useSignedOut();
  const [open, setOpen] = useState<string | null>(null);
  const q = useInfiniteQuery({
    ...trpc.approvals.outbox.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (p) => p.nextCursor }),
    refetchInterval: 5000,
  });
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  let body;
  if (signedOut) body = <EmptyState title="You are signed out">Sign in again to see the sandbox outbox.</EmptyState>;
  else if (q.isPending) body = <p className="text-sm text-slate-500">Loading…</p>;
  else if (q.isError) body = <QueryError message={`Could not load the outbox: ${q.error.message}`} />;
  else if (rows.length === 0) body = <EmptyState title="Nothing sent in the sandbox yet">Approved drafts appear here once the send path has sent them (sandbox mode).</EmptyState>;
  else body = (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {rows.map((r) => (
        <li key={r.id} className="p-3 text-sm" data-testid="outbox-row">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-medium break-words">{r.subject}</span>
            <span className="break-all text-slate-600">to {r.to}</span>
            <span className="rounded bg-slate-100 px-2 py-0.5 text-xs">{statusLabel(r.status)} · {r.mode.toLowerCase()}</span>
            <time className="ml-auto text-slate-500" dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>
          </div>
          <div className="mt-1 flex gap-3">
            <button type="button" className="text-indigo-700 underline" onClick={() => setOpen(open === r.id ? null : r.id)}>{open === r.id ? "Hide e-mail" : "Show e-mail"}</button>
            <Link href={`/inbox/${r.draftId}`} className="text-indigo-700 underline">Draft</Link>
          </div>
          {open === r.id ? <iframe title={`Sandbox e-mail ${r.subject}`} sandbox="" srcDoc={r.html} className="mt-2 h-64 w-full rounded border border-slate-200" /> : null}
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <PageHeader title="Sandbox outbox" description={q.data ? `${q.data.pages[0].total} e-mail(s) the sandbox would have sent. Nothing here left the machine.` : "E-mails sent in sandbox mode"} />
      {body}
      {q.hasNextPage ? <button type="button" className="mt-3 rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => void q.fetchNextPage()}>Load more</button> : null}
    </>
  );
}
