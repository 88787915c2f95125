import type { DbOrTx } from "@/server/db/client";
import { positionalSql } from "@/server/db/raw";
import { BUMP_COUNTER_SQL, bumpCountersParams, bumpCountersSql, sqlLimit, sqlTime, type CounterBump } from "./counters.sql";

export { sqlTime, type CounterBump };

/**
 * Atomic check-and-bump of one counter: inserts it at 1 when missing, otherwise adds 1 only while
 * it is under `limit`. One statement, so two writers can never both take the last slot.
 * Returns false when the limit is reached.
 */
export async function bumpCounter(db: DbOrTx, key: string, limit: number, windowStart: Date, now: Date): Promise<boolean> {
  if (limit <= 0) return false;
  const n = await db.$executeRaw(positionalSql(BUMP_COUNTER_SQL, [key, sqlTime(windowStart), sqlTime(now), sqlLimit(limit)]));
  return n === 1;
}

/** Gives back one slot (a claim released before any provider call). */
export async function unbumpCounter(db: DbOrTx, key: string, now: Date): Promise<void> {
  await db.$executeRaw`UPDATE "LimitCounter" SET "count" = "count" - 1, "updatedAt" = ${sqlTime(now)} WHERE "key" = ${key} AND "count" > 0`;
}

export async function counterValue(db: DbOrTx, key: string): Promise<number> {
  const row = await db.limitCounter.findUnique({ where: { key }, select: { count: true } });
  return row?.count ?? 0;
}

/** A write that takes SQLite's write lock first in a transaction (no read-then-upgrade). */
export async function touchCounter(db: DbOrTx, key: string, windowStart: Date, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "LimitCounter" ("key", "count", "windowStart", "updatedAt") VALUES (${key}, 0, ${sqlTime(windowStart)}, ${sqlTime(now)})
    ON CONFLICT ("key") DO NOTHING`;
}

export async function breakerRow(db: DbOrTx, service: string) {
  return db.circuitBreaker.findUnique({ where: { service }, select: { state: true, openUntil: true, halfOpenTrials: true } });
}

/**
 * Several counters in ONE statement (the send claim's hot path): each row is inserted at 1 or
 * bumped only while under its limit; the optional gap row moves its timestamp forward only when
 * `now` is at least `minGapMs` after it. Returns true when every row moved; on false the caller
 * rolls the transaction back (no partial bump survives).
 */
export async function bumpCountersAtomically(db: DbOrTx, bumps: CounterBump[], gap: { key: string; minGapMs: number } | null, now: Date): Promise<boolean> {
  if (bumps.some((b) => b.limit <= 0)) return false;
  const n = await db.$executeRaw(positionalSql(bumpCountersSql(bumps.length, gap !== null), bumpCountersParams(bumps, gap, now)));
  return n === bumps.length + (gap ? 1 : 0);
}

/** Which of these counters is full (after a failed bump, to say why and when to retry). */
export async function fullCounters(db: DbOrTx, bumps: CounterBump[]): Promise<string[]> {
  const rows = await db.limitCounter.findMany({ where: { key: { in: bumps.map((b) => b.key) } }, select: { key: true, count: true } });
  const count = new Map(rows.map((r) => [r.key, r.count]));
  return bumps.filter((b) => (count.get(b.key) ?? 0) >= b.limit).map((b) => b.key);
}
