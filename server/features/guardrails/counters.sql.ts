/**
 * The limit-counter statements, shared by the Prisma repository (guardrails.repository.ts) and the
 * send claim's SqliteWriter unit (sending/claim.sql.ts), so both run the same SQL. Positional `?`
 * parameters; DateTime values are passed as text (sqlTime). PostgreSQL port: ON CONFLICT ... DO
 * UPDATE ... WHERE and `excluded.` are the same there; placeholders become $n; the CASE over a
 * boolean comparison stays valid ("ELSE 0" becomes "ELSE false").
 */

/** Inserts a counter at 1, or adds 1 only while it is under the limit. Params: key, windowStart, updatedAt, limit. */
export const BUMP_COUNTER_SQL = `INSERT INTO "LimitCounter" ("key", "count", "windowStart", "updatedAt") VALUES (?, 1, ?, ?)
  ON CONFLICT ("key") DO UPDATE SET "count" = "count" + 1, "updatedAt" = excluded."updatedAt" WHERE "count" < ?`;

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
  const cases = Array.from({ length: bumps }, () => `WHEN ? THEN "count" < ?`).join(" ");
  return `INSERT INTO "LimitCounter" ("key", "count", "windowStart", "updatedAt") VALUES ${values}
    ON CONFLICT ("key") DO UPDATE SET "count" = "count" + 1,
      "windowStart" = CASE WHEN "key" = ? THEN excluded."windowStart" ELSE "windowStart" END,
      "updatedAt" = excluded."updatedAt"
    WHERE CASE "key" WHEN ? THEN "windowStart" <= ? ${cases} ELSE 0 END`;
}

export const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

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
  return [...rows.flatMap(([k, w]) => [k, w, sqlTime(now)]), gapKey, gapKey, earliest, ...bumps.flatMap((b) => [b.key, b.limit])];
}
