"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { statusLabel } from "@/components/inbox/format";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC, useTRPCClient } from "../../../_trpc/client";
import { canApprove, useCurrentUser } from "../../../_trpc/current-user";

const DIMENSIONS = [
  ["personalisation", "Personalisation"],
  ["subject", "Subject line"],
  ["valueProposition", "Value proposition"],
  ["cta", "Call to action"],
  ["tone", "Tone"],
] as const;

export default function ReviewSamplePage() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const [size, setSize] = useState(20);
  const q = useQuery(trpc.quality.sample.queryOptions({ size }));
  const [error, setError] = useState<string | null>(null);
  const rate = useMutation(trpc.quality.rate.mutationOptions({
    onSuccess: () => { setError(null); void qc.invalidateQueries({ queryKey: trpc.quality.sample.queryKey() }); },
    onError: (e) => setError(e.message),
  }));

  async function download() {
    const { filename, csv } = await client.quality.exportCsv.query({ size });
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const a = Object.assign(document.createElement("a"), { href: url, download: filename });
    a.click();
    URL.revokeObjectURL(url);
  }

  function onRate(e: FormEvent<HTMLFormElement>, draftId: string) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => Number(f.get(k));
    rate.mutate({ draftId, personalisation: v("personalisation"), subject: v("subject"), valueProposition: v("valueProposition"), cta: v("cta"), tone: v("tone") });
  }

  return (
    <>
      <PageHeader
        title="Email review sample"
        description={q.data
          ? `These ${q.data.items.length} drafts: mean ${q.data.meanScore === null ? "—" : q.data.meanScore.toFixed(2)} / 5 from ${q.data.rated} rating${q.data.rated === 1 ? "" : "s"}. Your scores feed the “Email quality score” scorecard, which averages every rating in its period (so the two can differ).`
          : "Score recent drafts 1–5 on five dimensions."}
        actions={
          <div className="flex flex-wrap items-end gap-2 text-sm">
            <Link href="/scorecards" className="rounded border border-slate-300 px-2 py-1">Back to scorecards</Link>
            <label>Sample size <input type="number" min={1} max={100} value={size} onChange={(e) => setSize(Math.min(100, Math.max(1, Number(e.target.value) || 20)))} className="w-16 rounded border border-slate-300 px-2 py-1" /></label>
            <button type="button" onClick={() => void download()} className="rounded border border-slate-300 px-2 py-1">Export CSV</button>
          </div>
        }
      />
      {error ? <p role="alert" className="mb-3 rounded bg-red-50 p-2 text-sm text-red-800">{error}</p> : null}
      {q.isPending ? <p className="text-sm text-slate-500">Loading the sample…</p> : q.isError ? <QueryError message={q.error.message} /> : q.data.items.length === 0 ? (
        <EmptyState title="No drafts to sample yet">Drafts appear here once they reach review or the outbox.</EmptyState>
      ) : (
        <ol className="space-y-4">
          {q.data.items.map((item) => (
            <li key={item.draftId} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="sample-item">
              <p className="text-xs text-slate-500">{item.tier} · {statusLabel(item.status)} · {new Date(item.createdAt).toLocaleDateString()}</p>
              <p className="mt-1 font-medium">{item.subject}</p>
              <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-3 font-sans text-sm">{item.text}</pre>
              {canApprove(user) ? (
                <form className="mt-3 flex flex-wrap items-end gap-3" onSubmit={(e) => onRate(e, item.draftId)}>
                  {DIMENSIONS.map(([key, label]) => (
                    <label key={key} className="text-xs">
                      {label}
                      {/* Unrated starts empty (required): a pre-filled 3 would be saved as a score nobody gave. */}
                      <select name={key} required defaultValue={item.myRating?.[key] ?? ""} className="mt-1 block rounded border border-slate-300 px-2 py-1 text-sm">
                        <option value="" disabled>–</option>
                        {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}
                      </select>
                    </label>
                  ))}
                  <button type="submit" disabled={rate.isPending} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white">{item.myRating ? "Update scores" : "Save scores"}</button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
