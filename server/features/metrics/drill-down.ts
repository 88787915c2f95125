import type { Db } from "@/server/db/client";
import { SOURCES, type SourceKey } from "./metric-sources";

export interface DrillRow {
  id: string;
  at: string;
  title: string;
  detail: string;
}

type Range = { gte: Date; lt: Date };
type Lister = (db: Db, where: object, take: number, cursor?: string) => Promise<DrillRow[]>;

const page = (take: number, cursor?: string) => ({ take, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });

// One lister per table; the `where` always comes from SOURCES, the same filter the roll-up counted with.
const LISTERS: Record<string, Lister> = {
  visitor: async (db, where, take, cursor) =>
    (await db.visitor.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...page(take, cursor), select: { id: true, createdAt: true, companyName: true, tier: true, score: true, enrichmentStatus: true } }))
      .map((v) => ({ id: v.id, at: v.createdAt.toISOString(), title: v.companyName ?? "Unknown company", detail: `${v.tier ?? "unscored"} · score ${v.score ?? "–"} · enrichment ${v.enrichmentStatus.toLowerCase()}` })),
  draft: async (db, where, take, cursor) =>
    (await db.draft.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...page(take, cursor), select: { id: true, createdAt: true, subject: true, status: true, tier: true } }))
      .map((d) => ({ id: d.id, at: d.createdAt.toISOString(), title: d.subject, detail: `${d.tier} · ${d.status.toLowerCase()}` })),
  // Sent e-mails are filtered on sentAt: ordering on it too lets the (status, sentAt) index serve
  // the page without sorting the whole window (62 ms -> index walk at 1M visitors).
  send: async (db, where, take, cursor) =>
    (await db.send.findMany({ where, orderBy: "sentAt" in where ? [{ sentAt: "desc" }, { id: "asc" }] : [{ claimedAt: "desc" }, { id: "asc" }], ...page(take, cursor), select: { id: true, claimedAt: true, sentAt: true, status: true, mode: true, recipientDomain: true, draftId: true } }))
      .map((s) => ({ id: s.id, at: (s.sentAt ?? s.claimedAt).toISOString(), title: `To ${s.recipientDomain}`, detail: `${s.status.toLowerCase()} · ${s.mode.toLowerCase()} · draft ${s.draftId}` })),
  outcome: async (db, where, take, cursor) =>
    (await db.outcome.findMany({ where, orderBy: [{ occurredAt: "desc" }, { id: "asc" }], ...page(take, cursor), select: { id: true, occurredAt: true, type: true, classification: true, value: true, sendId: true } }))
      .map((o) => ({ id: o.id, at: o.occurredAt.toISOString(), title: `${o.type.toLowerCase()}${o.classification ? ` (${o.classification.toLowerCase()})` : ""}`, detail: `${o.value ? `$${o.value.toLocaleString("en-US")} · ` : ""}send ${o.sendId ?? "–"}` })),
  review: async (db, where, take, cursor) =>
    (await db.review.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...page(take, cursor), select: { id: true, createdAt: true, decision: true, systemRecommendation: true, draftId: true } }))
      .map((r) => ({ id: r.id, at: r.createdAt.toISOString(), title: `${r.decision.toLowerCase()} (system: ${r.systemRecommendation?.toLowerCase()})`, detail: `draft ${r.draftId}` })),
  emailRating: async (db, where, take, cursor) =>
    (await db.emailRating.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...page(take, cursor), select: { id: true, createdAt: true, draftId: true, personalisation: true, subject: true, valueProposition: true, cta: true, tone: true } }))
      .map((r) => ({ id: r.id, at: r.createdAt.toISOString(), title: `draft ${r.draftId}`, detail: `personalisation ${r.personalisation} · subject ${r.subject} · value ${r.valueProposition} · CTA ${r.cta} · tone ${r.tone}` })),
};

const DAY_MS = 86_400_000;
const dayKey = (d: Date) => d.toISOString().slice(0, 10);
const wholeDays = (r: Range) => r.gte.getTime() % DAY_MS === 0 && r.lt.getTime() % DAY_MS === 0;

/** How many rows a figure counts: from the day roll-ups (a few rows per range), or live for rare rows. */
async function totalOf(db: Db, source: SourceKey, range: Range): Promise<number> {
  const def = SOURCES[source];
  if (def.rollup && wholeDays(range)) {
    const sum = await db.metricDaily.aggregate({
      where: { day: { gte: dayKey(range.gte), lte: dayKey(new Date(range.lt.getTime() - 1)) } },
      _sum: { [def.rollup]: true },
    });
    return Number((sum._sum as Record<string, number | null>)[def.rollup] ?? 0);
  }
  return (db[def.table as "visitor"] as unknown as { count: (a: { where: object }) => Promise<number> }).count({ where: def.where(range) });
}

/**
 * The rows behind one counted figure, newest first, a page at a time. The total is the figure the
 * scorecard counted (the roll-up): the rows are listed live with the roll-up's own filter, and the
 * integration tests check that the two agree.
 */
export async function drillDown(db: Db, source: SourceKey, range: Range, limit: number, cursor?: string | null) {
  const def = SOURCES[source];
  const [rows, total] = await Promise.all([
    LISTERS[def.table](db, def.where(range), limit + 1, cursor ?? undefined),
    totalOf(db, source, range),
  ]);
  return { rows: rows.slice(0, limit), total, nextCursor: rows.length > limit ? rows[limit - 1].id : null };
}
