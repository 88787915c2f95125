"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ContextCard, IcpTable, SendTimeTable } from "@/components/learnings/learnings-sections";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";

const btn = "rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50";

export function LearningsView() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const approver = canApprove(user);
  const q = useQuery(trpc.learning.overview.queryOptions());
  const invalidate = () => void qc.invalidateQueries({ queryKey: trpc.learning.overview.queryKey() });
  const review = useMutation(trpc.learning.reviewFlag.mutationOptions({ onSuccess: invalidate }));
  const decide = useMutation(trpc.learning.decideIcp.mutationOptions({ onSuccess: invalidate }));
  const refresh = useMutation(trpc.learning.refresh.mutationOptions({ onSuccess: invalidate }));
  const error = review.error ?? decide.error ?? refresh.error;

  return (
    <>
      <PageHeader title="Learnings" description="What the learner concludes from outcomes — template and subject choice, flags, send times and ICP weights — each with its evidence and uncertainty." />
      {error ? <QueryError message={error.message} /> : null}
      {q.isPending ? <p className="text-sm text-slate-500">Loading…</p> : q.isError ? <QueryError message={q.error.message} /> : (
        <div className="space-y-8">
          <section className="flex flex-wrap items-center gap-4 text-sm" data-testid="learning-summary">
            <span><strong>{q.data.settledSends}</strong> settled sends (of {q.data.sends})</span>
            <span><strong>{q.data.replies}</strong> human replies</span>
            <span><strong>{q.data.positives}</strong> positive (reply or meeting)</span>
            <span className="text-slate-500">evidence half-life {q.data.halfLifeDays} days · computed {new Date(q.data.computedAt).toLocaleString()}</span>
            {approver ? <button type="button" className={btn} disabled={refresh.isPending} onClick={() => refresh.mutate()}>Re-evaluate now</button> : null}
          </section>

          <section className="space-y-3">
            <h2 className="text-lg font-semibold">Flagged templates</h2>
            <p className="text-sm text-slate-500">Out of rotation after repeated negative outcomes, until an approver reviews them.</p>
            {q.data.flagged.length === 0 ? <p className="text-sm">No template is flagged.</p> : (
              <ul className="space-y-2">
                {q.data.flagged.map((f) => (
                  <li key={f.templateId} className="flex flex-wrap items-center gap-3 rounded border border-red-200 bg-red-50 p-3 text-sm" data-testid={`flag-${f.key}`}>
                    <span className="font-medium">{f.name}</span>
                    <span>{f.reason}</span>
                    <span className="text-slate-500">since {new Date(f.flaggedAt).toLocaleString()}</span>
                    {approver ? (
                      <button type="button" className={`${btn} ml-auto bg-white`} disabled={review.isPending} onClick={() => review.mutate({ templateId: f.templateId })}>Mark reviewed</button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {q.data.reviews.length > 0 ? (
              <details className="text-sm"><summary>Recent reviews</summary>
                <ul className="mt-1 list-disc pl-5">{q.data.reviews.map((r) => <li key={`${r.templateKey}-${r.reviewedAt}`}>{r.templateKey}: reviewed by {r.reviewedBy} on {new Date(r.reviewedAt).toLocaleString()} ({r.flagReason}){r.note ? ` — ${r.note}` : ""}</li>)}</ul>
              </details>
            ) : null}
          </section>

          <section className="space-y-3">
            <h2 className="text-lg font-semibold">Template and subject choice</h2>
            <p className="text-sm text-slate-500">
              For each kind of lead (tier and seniority) the system learns which template and subject line most often draw a positive
              reply, and uses those more, while still trying the others now and then. “Chance it is best” is how often the next draft
              for such a lead would pick that one. (Method: Thompson sampling on P(reply) × P(positive | reply).)
            </p>
            {q.data.contexts.map((c) => <ContextCard key={c.context} title={c.context} conclusion={c.conclusion} sends={c.sends} arms={c.arms} />)}
          </section>

          <section className="space-y-3">
            <h2 className="text-lg font-semibold">Send times</h2>
            <p className="text-sm text-slate-500">
              Best hour-of-week slots per persona by reply rate (shrunk towards the persona&apos;s rate).{" "}
              {q.data.sendTimeSettings.enabled ? `Auto-sends may wait up to ${q.data.sendTimeSettings.maxDelayHours} h for a clearly better slot inside the sending window.` : "Send-time optimisation is off."}
            </p>
            <SendTimeTable rows={q.data.sendTimes} />
          </section>

          <section className="space-y-3" data-testid="icp-section">
            <h2 className="text-lg font-semibold">ICP weights</h2>
            {!q.data.icp.pending ? <p className="text-sm">No proposal pending: no signal&apos;s lift is clear enough to move a weight yet.</p> : (
              <>
                <p className="text-sm">Proposal from {q.data.icp.pending.basedOnSends} settled sends ({new Date(q.data.icp.pending.createdAt).toLocaleString()}). Nothing changes until an approver accepts.</p>
                <IcpTable rows={q.data.icp.pending.evidence} />
                {approver ? (
                  <div className="flex gap-2">
                    <button type="button" className={`${btn} bg-slate-900 text-white`} disabled={decide.isPending} onClick={() => decide.mutate({ id: q.data.icp.pending!.id, accept: true })}>Accept weights</button>
                    <button type="button" className={btn} disabled={decide.isPending} onClick={() => decide.mutate({ id: q.data.icp.pending!.id, accept: false })}>Reject</button>
                  </div>
                ) : null}
              </>
            )}
            {q.data.icp.history.length > 0 ? (
              <ul className="list-disc pl-5 text-sm" data-testid="icp-history">
                {q.data.icp.history.map((h) => <li key={h.id}>{h.status.toLowerCase()} {h.decidedAt ? new Date(h.decidedAt).toLocaleString() : ""}: {Object.entries(h.proposed).map(([k, v]) => `${k} → ${v}`).join(", ")}</li>)}
              </ul>
            ) : null}
          </section>
        </div>
      )}
    </>
  );
}
