"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { CriterionRow } from "@/components/phases/criterion-row";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { PHASE_LABEL, PHASES, type Phase } from "@/server/domain/phases";
import { useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";

export function PhasesView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const q = useQuery(trpc.phases.overview.queryOptions());
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.phases.overview.queryKey() });
  const opts = { onSuccess: () => { setMessage(null); void refresh(); }, onError: (e: { message: string }) => setMessage(e.message) };
  const tick = useMutation(trpc.phases.tickManualItem.mutationOptions(opts));
  const advance = useMutation(trpc.phases.advance.mutationOptions({ ...opts, onSuccess: () => { setConfirming(false); opts.onSuccess(); } }));
  const moveDown = useMutation(trpc.phases.moveDown.mutationOptions(opts));

  if (q.isPending) return <p className="text-sm text-slate-500">Loading phases…</p>;
  if (q.isError) return <QueryError message={`Could not load the phases: ${q.error.message}`} />;
  const o = q.data;
  const approver = canApprove(user);
  const lower = PHASES.slice(0, PHASES.indexOf(o.phase));

  function onTick(e: FormEvent<HTMLFormElement>, item: string, checked: boolean) {
    e.preventDefault();
    const comment = String(new FormData(e.currentTarget).get("comment") ?? "");
    tick.mutate({ gate: o.next as "assisted", item, checked, comment });
  }

  return (
    <>
      <PageHeader title="Phases" description={`Current phase: ${PHASE_LABEL[o.phase]} since ${new Date(o.since).toLocaleDateString()}`} />
      {message ? <p role="alert" className="mb-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">{message}</p> : null}

      {o.next ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="gate">
          <h2 id="gate" className="font-semibold">Gate to {PHASE_LABEL[o.next]}</h2>
          <p className="text-sm text-slate-600">Computed live from the metrics. Every criterion must pass, then an approver signs off.</p>
          <ul className="divide-y divide-slate-100">
            {o.criteria.map((c) => (
              <CriterionRow key={c.key} c={c}>
                {c.kind === "manual" && approver ? (
                  <form className="mt-2 flex flex-wrap gap-2" onSubmit={(e) => onTick(e, c.key, !c.pass)}>
                    <label className="sr-only" htmlFor={`comment-${c.key}`}>Comment</label>
                    <input id={`comment-${c.key}`} name="comment" required minLength={3} placeholder="Comment (required)" className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-1 text-sm" />
                    <button type="submit" disabled={tick.isPending} className="rounded border border-slate-300 px-3 py-1 text-sm">{c.pass ? "Untick" : "Tick"}</button>
                  </form>
                ) : null}
              </CriterionRow>
            ))}
          </ul>
          {approver ? (
            confirming ? (
              <form
                className="mt-3 space-y-2 rounded border border-amber-300 bg-amber-50 p-3"
                onSubmit={(e) => {
                  e.preventDefault();
                  const comment = String(new FormData(e.currentTarget).get("comment") ?? "");
                  advance.mutate({ to: o.next as Phase, comment, confirm: true });
                }}
              >
                <p className="text-sm">Move to <strong>{PHASE_LABEL[o.next]}</strong>? The system will act with more autonomy from now on. This is recorded in the audit trail.</p>
                <label className="block text-sm">Sign-off comment<textarea name="comment" required minLength={3} className="mt-1 w-full rounded border border-slate-300 p-2" /></label>
                <div className="flex gap-2">
                  <button type="submit" disabled={advance.isPending} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white">Confirm sign-off</button>
                  <button type="button" onClick={() => setConfirming(false)} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
                </div>
              </form>
            ) : (
              <div className="mt-3">
                <button type="button" disabled={!o.canAdvance} onClick={() => setConfirming(true)} className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:cursor-not-allowed disabled:opacity-50">
                  Sign off and advance
                </button>
                {!o.canAdvance && o.blockedReason ? <p className="mt-1 text-xs text-slate-600">{o.blockedReason}</p> : null}
              </div>
            )
          ) : null}
        </section>
      ) : (
        <p className="rounded-lg border border-slate-200 bg-white p-4">Full autonomy: there is no higher phase.</p>
      )}

      {approver && lower.length ? (
        <section className="mt-6 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="down">
          <h2 id="down" className="font-semibold">Move down</h2>
          <p className="text-sm text-slate-600">Always allowed and immediate.</p>
          <form
            className="mt-2 flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              moveDown.mutate({ to: String(f.get("to")) as Phase, reason: String(f.get("reason") ?? "") });
            }}
          >
            <label className="text-sm">To<select name="to" className="ml-2 rounded border border-slate-300 px-2 py-1">{lower.map((p) => <option key={p} value={p}>{PHASE_LABEL[p]}</option>)}</select></label>
            <label className="min-w-0 flex-1 text-sm">Reason<input name="reason" required minLength={3} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
            <button type="submit" disabled={moveDown.isPending} className="rounded border border-red-300 px-3 py-1.5 text-sm text-red-700">Move down</button>
          </form>
        </section>
      ) : null}

      <section className="mt-6" aria-labelledby="history">
        <h2 id="history" className="mb-2 font-semibold">History</h2>
        {o.history.length === 0 ? <p className="text-sm text-slate-600">No phase changes yet.</p> : (
          <ul className="space-y-1 text-sm">
            {o.history.map((h) => (
              <li key={h.at}>{new Date(h.at).toLocaleString()}: {h.from} → {h.to} ({h.direction.toLowerCase()}) by {h.by ?? "system"}{h.comment ? `: “${h.comment}”` : ""}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
