import type { Db } from "@/server/db/client";
import { addTotals, EMPTY_TOTALS, SCORECARDS, type Totals } from "@/server/domain/scorecards";
import { SOURCES } from "./metric-sources";
import { retryBusy } from "@/server/db/busy-retry";
import * as repo from "./metrics.repository";

const DAY_MS = 86_400_000;
export const dayKey = (d: Date) => d.toISOString().slice(0, 10);
export const dayStart = (key: string) => new Date(`${key}T00:00:00.000Z`);

/**
 * Recomputes one UTC day's roll-up from the raw tables (idempotent; safe to run any time). One
 * transaction whose first statement writes the day's row: the counted figures that are also
 * maintained incrementally (rollup-increments.ts) cannot land between the count and the store.
 */
export async function recomputeDay(db: Db, key: string): Promise<void> {
  const from = dayStart(key);
  const to = new Date(from.getTime() + DAY_MS);
  await retryBusy(() => db.$transaction(async (tx) => {
    await repo.touchDay(tx, key, new Date());
    await repo.upsertDay(tx, key, await repo.countWindow(tx, from, to));
    await repo.replaceVariantDay(tx, key, await repo.countVariantsWindow(tx, from, to));
  }, { maxWait: 30_000, timeout: 60_000 }));
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
        : rows.map((r) => {
          const day = addTotals(EMPTY_TOTALS, r);
          return { day: r.day, value: def.daily ? def.daily(day) : def.value(day, 1) };
        }),
    };
  });
  return { cards, totals, days };
}
