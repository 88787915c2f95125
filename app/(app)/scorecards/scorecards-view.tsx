"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ScorecardCard } from "@/components/scorecards/scorecard-card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";

import { daysAgo, defaultRange } from "./range";
const SOURCE_LABEL: Record<string, string> = {
  visitors: "Visitors", visitorsEnriched: "Enriched visitors", ratings: "Quality ratings", replies: "Human replies", sent: "Sent e-mails",
  bounces: "Bounces", positiveReplies: "Positive replies", meetings: "Meetings", pipeline: "Pipeline events", sendErrors: "Send errors",
  reviews: "Reviews", complaints: "Complaints", opens: "Opens",
};

function DrillDown({ source, from, to }: { source: string; from: string; to: string }) {
  const trpc = useTRPC();
  const q = useInfiniteQuery(
    trpc.metrics.drillDown.infiniteQueryOptions(
      { source: source as "visitors", from, to, limit: 25 },
      { getNextPageParam: (p) => p.nextCursor },
    ),
  );
  if (q.isPending) return <p className="text-sm text-slate-500">Loading rows…</p>;
  if (q.isError) return <QueryError message={q.error.message} />;
  const rows = q.data.pages.flatMap((p) => p.rows);
  return (
    <section className="rounded-lg border border-slate-200 bg-white" aria-label={`${SOURCE_LABEL[source] ?? source} rows`}>
      <h3 className="border-b border-slate-100 px-3 py-2 text-sm font-medium">{SOURCE_LABEL[source] ?? source}: {q.data.pages[0].total} counted in this range</h3>
      {rows.length === 0 ? <p className="p-3 text-sm text-slate-500">No rows in this range.</p> : (
        <ul className="divide-y divide-slate-100 text-sm">
          {rows.map((r) => (
            <li key={r.id} className="flex flex-wrap gap-x-3 px-3 py-2">
              <time className="text-slate-500" dateTime={r.at}>{new Date(r.at).toLocaleString()}</time>
              <span className="font-medium">{r.title}</span>
              <span className="text-slate-600">{r.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {q.hasNextPage ? <button type="button" className="m-2 rounded border border-slate-300 px-3 py-1 text-sm" onClick={() => void q.fetchNextPage()}>Load more</button> : null}
    </section>
  );
}

export function ScorecardsView() {
  const trpc = useTRPC();
  const [range, setRange] = useState(defaultRange);
  const [drill, setDrill] = useState<string | null>(null);
  // The rows behind a card are brought into view when it is opened: on a phone they sit far below it.
  const drillRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (drill) drillRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, [drill]);
  const q = useQuery(trpc.metrics.scorecards.queryOptions(range));
  const selected = q.data?.cards.find((c) => c.key === drill);
  return (
    <>
      <PageHeader
        title="Scorecards"
        description="Each figure links to the rows behind it. Targets and phase-gate thresholds from the rollout plan."
        actions={
          <form className="flex flex-wrap items-end gap-2 text-sm" onSubmit={(e) => e.preventDefault()}>
            <Link href="/scorecards/review" className="rounded border border-slate-300 px-2 py-1">Email review sample</Link>
            {[7, 30, 90].map((n) => {
              const active = range.from === daysAgo(n - 1) && range.to === daysAgo(0);
              return (
                <button key={n} type="button" aria-pressed={active} className={`rounded border px-2 py-1 ${active ? "border-indigo-500 bg-indigo-50 font-medium text-indigo-700" : "border-slate-300"}`} onClick={() => setRange({ from: daysAgo(n - 1), to: daysAgo(0) })}>
                  {n} days
                </button>
              );
            })}
            <label className="flex flex-col">From<input type="date" value={range.from} max={range.to} onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))} className="rounded border border-slate-300 px-2 py-1" /></label>
            <label className="flex flex-col">To<input type="date" value={range.to} min={range.from} onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))} className="rounded border border-slate-300 px-2 py-1" /></label>
          </form>
        }
      />
      {q.isPending ? <p className="text-sm text-slate-500">Loading scorecards…</p> : q.isError ? <QueryError message={`Could not load scorecards: ${q.error.message}`} /> : q.data.cards.every((c) => c.value === null || c.value === 0) ? (
        <EmptyState title="No activity in this range">Pick a longer range, or wait for visitors and sends to arrive.</EmptyState>
      ) : (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {q.data.cards.map((c) => <ScorecardCard key={c.key} card={c} selected={drill === c.key} onDrill={() => setDrill(drill === c.key ? null : c.key)} />)}
        </ul>
      )}
      {selected ? (
        <div ref={drillRef} className="mt-6 scroll-mt-4 space-y-3">
          <h2 className="font-semibold">Behind “{selected.label}”</h2>
          {selected.key === "sendErrors48h"
            ? <DrillDown source="sendErrors" from={daysAgo(2)} to={daysAgo(0)} />
            : q.data?.cards.find((c) => c.key === drill)?.sources.map((s) => <DrillDown key={s} source={s} from={range.from} to={range.to} />)}
        </div>
      ) : null}
    </>
  );
}
