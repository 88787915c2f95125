import type { Db } from "@/server/db/client";
import { addTotals, EMPTY_TOTALS, SCORECARDS, type Totals } from "@/server/domain/scorecards";
import { SOURCES } from "./metric-sources";
import { logger } from "@/server/logger";
import * as repo from "./metrics.repository";

const DAY_MS = 86_400_000;
export const dayKey = (d: Date) => d.toISOString().slice(0, 10);
export const dayStart = (key: string) => new Date(`${key}T00:00:00.000Z`);

/** Recomputes one UTC day's roll-up from the raw tables (idempotent; safe to run any time). */
export async function recomputeDay(db: Db, key: string): Promise<void> {
  const from = dayStart(key);
  const to = new Date(from.getTime() + DAY_MS);
  await repo.upsertDay(db, key, await repo.countWindow(db, from, to));
  await repo.replaceVariantDay(db, key, await repo.countVariantsWindow(db, from, to));
}

/**
 * Refreshes the roll-up of the day `at` falls in, right after something it counts changed (a send
 * recorded, a review decided), so the scorecards move without waiting for a cron. Best effort: the
 * roll-up is derived data and `metrics.recompute` rebuilds it, so a failure here never fails the
 * send or the decision that triggered it.
 */
export async function refreshRollup(db: Db, at: Date): Promise<void> {
  try {
    await recomputeDay(db, dayKey(at));
  } catch (err) {
    logger.warn({ err }, "roll-up refresh failed; metrics.recompute rebuilds it");
  }
}

/** Recomputes every day from `from` to `to` inclusive; reports progress per day. */
export async function recomputeRange(db: Db, from: Date, to: Date, onDay?: (key: string) => void): Promise<number> {
  let n = 0;
  for (let t = dayStart(dayKey(from)).getTime(); t <= to.getTime(); t += DAY_MS) {
    const key = dayKey(new Date(t));
    await recomputeDay(db, key);
    onDay?.(key);
    n++;
  }
  return n;
}

export interface ScorecardView {
  key: string;
  label: string;
  format: string;
  value: number | null;
  target: string;
  gate: string;
  meetsTarget: boolean;
  sources: string[];
  series: { day: string; value: number | null }[];
}

/** The scorecards for a range of UTC days, from the roll-ups (fast with a year of data). */
export async function scorecards(db: Db, range: { from: string; to: string }, now = new Date()): Promise<{ cards: ScorecardView[]; totals: Totals; days: number }> {
  const rows = await repo.daysBetween(db, range.from, range.to);
  const totals = rows.reduce<Totals>((acc, r) => addTotals(acc, r), EMPTY_TOTALS);
  const days = Math.max(1, Math.round((dayStart(range.to).getTime() - dayStart(range.from).getTime()) / DAY_MS) + 1);
  // Send errors are judged over the last 48 hours whatever the range: a live count on an indexed column.
  const errors48h = await db.send.count({ where: SOURCES.sendErrors.where({ gte: new Date(now.getTime() - 2 * DAY_MS), lt: now }) });
  const cards = SCORECARDS.map((def) => {
    const value = def.key === "sendErrors48h" ? errors48h : def.value(totals, days);
    return {
      key: def.key, label: def.label, format: def.format, value, target: def.target, gate: def.gate, sources: def.sources,
      meetsTarget: def.meets(value),
      series: def.key === "sendErrors48h"
        ? rows.map((r) => ({ day: r.day, value: r.sendErrors }))
        : rows.map((r) => ({ day: r.day, value: def.value(addTotals(EMPTY_TOTALS, r), 1) })),
    };
  });
  return { cards, totals, days };
}
