/**
 * Values as plain SQL on a SyncConnection (SqliteWriter units, the executor's store) writes and
 * reads them, on SQLite and PostgreSQL alike: DateTime as ISO text with +00:00 (what Prisma writes
 * on SQLite; PostgreSQL casts it), read back from either form (ISO with offset, or the
 * "YYYY-MM-DD HH:MM:SS[.mmm]" UTC text of SQLite defaults and PgSyncConnection); booleans as 1/0.
 */
export const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

export function toDate(v: unknown): Date {
  if (v instanceof Date) return v;
  if (typeof v === "number") return new Date(v);
  const s = String(v);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
}

export const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : toDate(v));

export const toBool = (v: unknown): boolean => v === true || v === 1 || v === 1n || v === "1" || v === "t" || v === "true";

export const sqlBool = (b: boolean) => (b ? 1 : 0);
