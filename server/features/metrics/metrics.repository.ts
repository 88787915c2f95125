import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { isOverride } from "@/server/domain/metrics";
import type { Totals } from "@/server/domain/scorecards";
import { SOURCES } from "./metric-sources";

/** One window's counts: the same shape the scorecards sum (server/domain/scorecards.ts). */
export type DayCounts = Totals;

/** Counts one time window straight from the raw tables (each an indexed range query). */
export async function countWindow(db: DbOrTx, from: Date, to: Date): Promise<DayCounts> {
  const r = { gte: from, lt: to };
  const [visitors, visitorsEnriched, drafts, sent, sendErrors, bounces, complaints, opens, replies, positiveReplies, meetings, pipeline, reviews, ratings] =
    await Promise.all([
      db.visitor.count({ where: SOURCES.visitors.where(r) }),
      db.visitor.count({ where: SOURCES.visitorsEnriched.where(r) }),
      db.draft.count({ where: SOURCES.drafts.where(r) }),
      db.send.count({ where: SOURCES.sent.where(r) }),
      db.send.count({ where: SOURCES.sendErrors.where(r) }),
      db.outcome.count({ where: SOURCES.bounces.where(r) }),
      db.outcome.count({ where: SOURCES.complaints.where(r) }),
      db.outcome.count({ where: SOURCES.opens.where(r) }),
      db.outcome.count({ where: SOURCES.replies.where(r) }),
      db.outcome.count({ where: SOURCES.positiveReplies.where(r) }),
      db.outcome.count({ where: SOURCES.meetings.where(r) }),
      db.outcome.aggregate({ where: SOURCES.pipeline.where(r), _sum: { value: true } }),
      db.review.findMany({ where: SOURCES.reviews.where(r), select: { decision: true, systemRecommendation: true } }),
      db.emailRating.findMany({ where: SOURCES.ratings.where(r), select: { personalisation: true, subject: true, valueProposition: true, cta: true, tone: true } }),
    ]);
  return {
    visitors, visitorsEnriched, drafts, sent, sendErrors, bounces, complaints, opens, replies, positiveReplies, meetings,
    pipelineValue: pipeline._sum.value ?? 0,
    reviews: reviews.length,
    overrides: reviews.filter((v) => isOverride(v.decision, v.systemRecommendation!)).length,
    qualityRatings: ratings.length,
    qualityScoreSum: ratings.reduce((s, v) => s + (v.personalisation + v.subject + v.valueProposition + v.cta + v.tone) / 5, 0),
  };
}

export function upsertDay(db: DbOrTx, day: string, counts: DayCounts) {
  return db.metricDaily.upsert({ where: { day }, create: { day, ...counts }, update: counts });
}

/** Adds to one day's counters (a single INSERT … ON CONFLICT DO UPDATE); zero deltas are left out. */
export async function bumpDay(tx: Tx, day: string, delta: Partial<DayCounts>) {
  const d = Object.entries(delta).filter(([, v]) => v) as [keyof DayCounts, number][];
  if (d.length === 0) return;
  await tx.metricDaily.upsert({
    where: { day },
    create: { day, ...Object.fromEntries(d) },
    update: Object.fromEntries(d.map(([k, v]) => [k, { increment: v }])),
  });
}

export type VariantDelta = Partial<Record<"sent" | "replied" | "positive" | "meetings", number>>;

export async function bumpVariant(tx: Tx, day: string, subjectVariantId: string, delta: VariantDelta) {
  const d = Object.entries(delta).filter(([, v]) => v);
  if (d.length === 0) return;
  await tx.metricVariantDaily.upsert({
    where: { day_subjectVariantId: { day, subjectVariantId } },
    create: { day, subjectVariantId, ...Object.fromEntries(d) },
    update: Object.fromEntries(d.map(([k, v]) => [k, { increment: v }])),
  });
}

export function daysBetween(db: Db, fromDay: string, toDay: string) {
  return db.metricDaily.findMany({ where: { day: { gte: fromDay, lte: toDay } }, orderBy: { day: "asc" } });
}

/** Per subject variant, for one window: sent e-mails and how many of them drew replies / meetings. */
export async function countVariantsWindow(db: DbOrTx, from: Date, to: Date) {
  const r = { gte: from, lt: to };
  const [sent, events] = await Promise.all([
    db.send.findMany({ where: SOURCES.sent.where(r), select: { draft: { select: { subjectVariantId: true } } } }),
    db.outcome.findMany({
      where: { OR: [SOURCES.replies.where(r), SOURCES.meetings.where(r)] },
      select: { sendId: true, type: true, classification: true, send: { select: { draft: { select: { subjectVariantId: true } } } } },
    }),
  ]);
  const rows = new Map<string, { sent: number; replied: Set<string>; positive: Set<string>; meetings: Set<string> }>();
  const row = (id: string) => {
    let x = rows.get(id);
    if (!x) rows.set(id, (x = { sent: 0, replied: new Set(), positive: new Set(), meetings: new Set() }));
    return x;
  };
  for (const s of sent) row(s.draft.subjectVariantId).sent++;
  for (const e of events) {
    if (!e.send || !e.sendId) continue;
    const x = row(e.send.draft.subjectVariantId);
    if (e.type === "MEETING") x.meetings.add(e.sendId);
    else {
      x.replied.add(e.sendId);
      if (e.classification === "POSITIVE") x.positive.add(e.sendId);
    }
  }
  return [...rows].map(([subjectVariantId, x]) => ({ subjectVariantId, sent: x.sent, replied: x.replied.size, positive: x.positive.size, meetings: x.meetings.size }));
}

/** Inside the caller's transaction (recomputeDay), so readers never see the day half-replaced. */
export async function replaceVariantDay(tx: Tx, day: string, rows: Awaited<ReturnType<typeof countVariantsWindow>>) {
  await tx.metricVariantDaily.deleteMany({ where: { day } });
  await tx.metricVariantDaily.createMany({ data: rows.map((r) => ({ day, ...r })) });
}

/** Marks a day as being recomputed: the first statement of recomputeDay's transaction is this write. */
export function touchDay(tx: Tx, day: string, now: Date) {
  return tx.metricDaily.upsert({ where: { day }, create: { day }, update: { updatedAt: now } });
}

export function variantTotals(db: Db) {
  return db.metricVariantDaily.groupBy({ by: ["subjectVariantId"], _sum: { sent: true, replied: true, positive: true, meetings: true } });
}
