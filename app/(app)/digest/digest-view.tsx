"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { TrendFigure } from "@/components/digest/trend-figure";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2026-W48" -> "Weekly digest, week 48 of 2026"; a digest made on request says when. */
function digestTitle(weekKey: string, timeZone: string): string {
  const m = /^(\d{4})-W(\d{2})(?:-manual-(.+))?$/.exec(weekKey);
  if (!m) return `Weekly digest ${weekKey}`;
  const base = `Weekly digest, week ${Number(m[2])} of ${m[1]}`;
  if (!m[3]) return base;
  const at = new Date(`${m[3]}:00Z`);
  return Number.isNaN(at.getTime()) ? base : `${base} (made on request, ${at.toLocaleString(undefined, { timeZone, dateStyle: "medium", timeStyle: "short" })})`;
}

const day = (iso: string, timeZone: string) => new Date(iso).toLocaleDateString(undefined, { timeZone, month: "short", day: "numeric" });

export function DigestView({ input }: { input: { id?: string } }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const user = useCurrentUser();
  const q = useQuery(trpc.digest.get.queryOptions(input));
  const generate = useMutation(trpc.digest.generateNow.mutationOptions({
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: trpc.digest.get.queryKey() });
      router.push(`/digest?id=${r.id}`);
    },
  }));
  const actions = canApprove(user) ? (
    <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm" disabled={generate.isPending} onClick={() => generate.mutate()}>
      {generate.isPending ? "Generating…" : "Generate digest now"}
    </button>
  ) : undefined;

  if (q.isPending) return <><PageHeader title="Weekly digest" /><p className="text-sm text-slate-500">Loading digest…</p></>;
  if (q.isError) return <><PageHeader title="Weekly digest" /><QueryError message={`Could not load the digest: ${q.error.message}`} /></>;
  const { digest, history } = q.data;
  if (!digest) {
    return (
      <>
        <PageHeader title="Weekly digest" description="Every week (Settings → Alerts and digest sets the day, hour and time zone)." actions={actions} />
        {generate.error ? <p role="alert" className="mb-3 text-sm text-red-700">{generate.error.message}</p> : null}
        <EmptyState title="No digest yet">The first one is written on the scheduled day; an approver can generate one now.</EmptyState>
      </>
    );
  }
  const d = digest.data;
  const tz = d.period.timeZone;
  return (
    <>
      <PageHeader title={digestTitle(digest.weekKey, tz)} description={`${day(d.period.start, tz)} – ${day(d.period.end, tz)} (${tz}), compared with the week before.`} actions={actions} />
      {generate.error ? <p role="alert" className="mb-3 text-sm text-red-700">{generate.error.message}</p> : null}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <TrendFigure label="E-mails sent" t={d.sent} testId="digest-sent" />
        <TrendFigure label="Reply rate" t={d.replyRate} percent testId="digest-reply-rate" />
        <TrendFigure label="Positive reply rate" t={d.positiveReplyRate} percent testId="digest-positive-rate" />
      </div>
      <p className="mt-2 text-sm text-slate-600">{plural(d.replies, "reply", "replies")}, {d.positiveReplies} positive, {plural(d.meetings, "meeting")} booked.</p>

      <section aria-labelledby="dg-actions" className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="dg-actions" className="font-semibold">Proposed actions</h2>
        {d.actions.length === 0 ? <p className="text-sm text-slate-600">Nothing to override this week.</p> : (
          <ul className="mt-2 divide-y divide-slate-100">
            {d.actions.map((a) => (
              <li key={a.url} className="flex flex-wrap items-center gap-3 py-2" data-testid="digest-action">
                <div className="min-w-0 flex-1 text-sm"><p className="font-medium">{a.label}</p><p className="text-slate-600">{a.why}</p></div>
                {/* A plain link: it goes through a route handler (sign-in if needed) to the confirmation page. */}
                <a href={a.url} className="rounded border border-indigo-300 px-3 py-1 text-sm text-indigo-800 hover:bg-indigo-50">Review and confirm</a>
                <span className="text-xs text-slate-500">link expires {new Date(a.expiresAt).toLocaleDateString()}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="mt-6 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <section aria-labelledby="dg-anom" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="dg-anom" className="font-semibold">Anomalies</h2>
          {d.anomalies.length === 0 ? <p className="text-sm text-slate-600">None found.</p> : (
            <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-red-800" data-testid="digest-anomalies">{d.anomalies.map((x) => <li key={x}>{x}</li>)}</ul>
          )}
        </section>
        <section aria-labelledby="dg-pending" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="dg-pending" className="font-semibold">Pending</h2>
          <ul className="mt-2 space-y-1 text-sm">
            <li><Link href="/inbox" className="text-indigo-700 hover:underline">{d.pending.reviews} drafts waiting for review</Link>{d.pending.oldestReviewHours !== null ? ` (oldest ${d.pending.oldestReviewHours} h)` : ""}</li>
            <li>{plural(d.pending.sendsNeedingReview, "send")} needing review now</li>
            <li><Link href="/alerts#incidents" className="text-indigo-700 hover:underline">{d.pending.openIncidents} open monitor incidents</Link></li>
          </ul>
        </section>
        <section aria-labelledby="dg-top" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="dg-top" className="font-semibold">Top templates</h2>
          {d.topTemplates.length === 0 ? <p className="text-sm text-slate-600">No e-mails sent this week.</p> : (
            <ul className="mt-2 space-y-1 text-sm">{d.topTemplates.map((t) => <li key={t.templateId}>{t.name}: {t.positive} positive, {t.replies} replies from {t.sent} sent</li>)}</ul>
          )}
        </section>
        <section aria-labelledby="dg-flag" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="dg-flag" className="font-semibold">Flagged templates</h2>
          {d.flaggedTemplates.length === 0 ? <p className="text-sm text-slate-600">None flagged.</p> : (
            <ul className="mt-2 space-y-1 text-sm">{d.flaggedTemplates.map((t) => <li key={t.templateId}>{t.name}: {t.flagReason ?? "flagged"} ({new Date(t.flaggedAt).toLocaleDateString()})</li>)}</ul>
          )}
        </section>
      </div>

      {history.length > 1 ? (
        <section aria-labelledby="dg-hist" className="mt-6 text-sm">
          <h2 id="dg-hist" className="font-semibold">Earlier digests</h2>
          <ul className="mt-1 flex flex-wrap gap-2">
            {history.map((h) => (
              <li key={h.id}><Link href={`/digest?id=${h.id}`} className={`rounded border px-2 py-0.5 ${h.id === digest.id ? "border-indigo-500" : "border-slate-300"}`}>{h.weekKey}</Link></li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
