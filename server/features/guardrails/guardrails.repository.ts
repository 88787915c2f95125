import type { DbOrTx } from "@/server/db/client";
import { positionalSql } from "@/server/db/raw";
import { sqlTime } from "@/server/db/sql-values";
import { BUMP_COUNTER_SQL, sqlLimit } from "./counters.sql";

export { sqlTime };

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

/** A write that takes SQLite's write lock first in a transaction (no read-then-upgrade). */
export async function touchCounter(db: DbOrTx, key: string, windowStart: Date, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "LimitCounter" ("key", "count", "windowStart", "updatedAt") VALUES (${key}, 0, ${sqlTime(windowStart)}, ${sqlTime(now)})
    ON CONFLICT ("key") DO NOTHING`;
}

export async function breakerRow(db: DbOrTx, service: string) {
  return db.circuitBreaker.findUnique({ where: { service }, select: { state: true, openUntil: true, halfOpenTrials: true } });
}

