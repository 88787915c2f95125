import { sqlTime } from "@/server/db/sql-values";

/**
 * The limit-counter statements, shared by the Prisma repository (guardrails.repository.ts) and the
 * send claim's SqliteWriter unit (sending/claim.sql.ts), so both run the same SQL. Positional `?`
 * parameters; DateTime values are passed as text (sqlTime). The same text runs on SQLite and
 * PostgreSQL (issue #9): columns of the existing row are qualified (PostgreSQL calls a bare "count"
 * ambiguous next to `excluded`), the CASE yields booleans (ELSE false), and the `?` placeholders
 * become $n on PostgreSQL (PgSyncConnection; Prisma.Sql via server/db/raw.ts). On PostgreSQL the
 * conditional upsert takes the counter's row lock and re-checks its WHERE on the newest row, so two
 * transactions can never both take the last slot there either.
 */

/** Inserts a counter at 1, or adds 1 only while it is under the limit. Params: key, windowStart, updatedAt, limit. */
export const BUMP_COUNTER_SQL = `INSERT INTO "LimitCounter" ("key", "count", "windowStart", "updatedAt") VALUES (?, 1, ?, ?)
  ON CONFLICT ("key") DO UPDATE SET "count" = "LimitCounter"."count" + 1, "updatedAt" = excluded."updatedAt" WHERE "LimitCounter"."count" < ?`;

/**
 * Several counters (+ the optional gap row, last) in ONE statement; the caller checks that every
 * row moved. Params: per row (key, windowStart, updatedAt), then gapKey, gapKey, earliest, then per
 * bump (key, limit).
 */
const bumpSqlCache = new Map<string, string>();
export function bumpCountersSql(bumps: number, withGap: boolean): string {
  const shape = `${bumps}:${withGap}`;
  let sql = bumpSqlCache.get(shape);
  if (!sql) bumpSqlCache.set(shape, (sql = buildBumpCountersSql(bumps, withGap)));
  return sql;
}

function buildBumpCountersSql(bumps: number, withGap: boolean): string {
  const values = Array.from({ length: bumps + (withGap ? 1 : 0) }, () => "(?, 1, ?, ?)").join(", ");
  const cases = Array.from({ length: bumps }, () => `WHEN ? THEN t."count" < ?`).join(" ");
  return `INSERT INTO "LimitCounter" AS t ("key", "count", "windowStart", "updatedAt") VALUES ${values}
    ON CONFLICT ("key") DO UPDATE SET "count" = t."count" + 1,
      "windowStart" = CASE WHEN t."key" = ? THEN excluded."windowStart" ELSE t."windowStart" END,
      "updatedAt" = excluded."updatedAt"
    WHERE CASE t."key" WHEN ? THEN t."windowStart" <= ? ${cases} ELSE false END`;
}

/**
 * A limit as a statement parameter. "count" is a 32-bit INTEGER column and PostgreSQL types the
 * parameter after it, so "no limit" (Number.MAX_SAFE_INTEGER) is passed as the largest such value:
 * the comparison means the same for every count the column can hold.
 */
export const sqlLimit = (limit: number) => Math.min(limit, 2_147_483_647);

export interface CounterBump {
  key: string;
  limit: number;
  windowStart: Date;
}

/** Parameters of bumpCountersSql, in order. */
export function bumpCountersParams(bumps: CounterBump[], gap: { key: string; minGapMs: number } | null, now: Date): (string | number)[] {
  const rows = [...bumps.map((b) => [b.key, sqlTime(b.windowStart)]), ...(gap ? [[gap.key, sqlTime(now)]] : [])];
  const gapKey = gap?.key ?? "";
  const earliest = sqlTime(new Date(now.getTime() - (gap?.minGapMs ?? 0)));
  return [...rows.flatMap(([k, w]) => [k, w, sqlTime(now)]), gapKey, gapKey, earliest, ...bumps.flatMap((b) => [b.key, sqlLimit(b.limit)])];
}
