import { ulid } from "@/server/db/ulid";
import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlTime } from "@/server/db/sql-values";

/**
 * The statements of a review decision (approvals.service.ts decide), on the SqliteWriter's
 * connection, prepared once. Must run inside a unit of work (a write transaction). Plain SQL with
 * quoted identifiers and RETURNING, as claim.sql.ts, so the same text runs on PostgreSQL (issue #9)
 * through PgSyncConnection; there the conditional UPDATE takes the draft's row lock and re-checks
 * version and status on the newest row, so of two approvers exactly one moves it.
 * Why not Prisma: each Prisma statement is compiled to a query plan on every call (no plan cache in
 * 6.19), ~1 ms of CPU each inside the Next.js server; a decision is eight of them.
 */
export interface MovedDraft {
  id: string;
  status: string;
  recommendation: string | null;
  fingerprint: string;
  visitorId: string;
}

export interface DraftMove {
  draftId: string;
  version: number;
  from: readonly string[];
  to: string;
  now: Date;
  decided: boolean;
  /** undefined: leave as is; null: clear. */
  snoozedUntil?: Date | null;
}

const RETURNING = `RETURNING "id", "status", "recommendation", "fingerprint", "visitorId"`;
const moveSqlCache = new Map<string, string>();
function moveSql(sources: number, decided: boolean, snooze: "keep" | "set", approved: boolean): string {
  const shape = `${sources}:${decided}:${snooze}:${approved}`;
  let sql = moveSqlCache.get(shape);
  if (!sql) {
    const sets = [
      `"status" = ?`, `"version" = "version" + 1`, `"updatedAt" = ?`, ...(decided ? [`"decidedAt" = ?`] : []), ...(snooze === "set" ? [`"snoozedUntil" = ?`] : []),
      // A person's approval sends now (within the window and limits): a delayed auto-send's planned
      // hour no longer applies (it would hold the stuck-approved sweep back and read as "scheduled").
      ...(approved ? [`"sendAfter" = NULL`] : []),
    ];
    sql = `UPDATE "Draft" SET ${sets.join(", ")} WHERE "id" = ? AND "version" = ? AND "status" IN (${Array.from({ length: sources }, () => "?").join(", ")}) ${RETURNING}`;
    moveSqlCache.set(shape, sql);
  }
  return sql;
}

const SQL = {
  draft: `SELECT "id", "status" FROM "Draft" WHERE "id" = ?`,
  lastReview: `SELECT r."reviewerId", r."decision", u."name" AS "reviewerName" FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId"
    WHERE r."draftId" = ? ORDER BY r."createdAt" DESC LIMIT 1`,
  insertReview: `INSERT INTO "Review" ("id", "draftId", "reviewerId", "decision", "reasonTag", "note", "editedSubject", "editedBody", "diff",
    "systemRecommendation", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  identityKey: `SELECT "identityKey" FROM "Visitor" WHERE "id" = ?`,
  insertRejection: `INSERT INTO "RejectionMemory" ("id", "identityKey", "fingerprint", "draftId", "createdAt") VALUES (?, ?, ?, ?, ?)`,
} as const;

/**
 * The status change: one conditional update on (id, expected version, allowed source status),
 * returning the moved draft, or null when nothing moved. The unit's first statement is this
 * write (the unit already holds the write lock on SQLite; on PostgreSQL it takes the row lock).
 */
export function moveDraft(w: SqliteWriter, m: DraftMove): MovedDraft | null {
  const t = sqlTime(m.now);
  const snooze = m.snoozedUntil === undefined ? "keep" : "set";
  const params: unknown[] = [m.to, t, ...(m.decided ? [t] : []), ...(snooze === "set" ? [m.snoozedUntil ? sqlTime(m.snoozedUntil) : null] : []), m.draftId, m.version, ...m.from];
  const row = w.prepare(moveSql(m.from.length, m.decided, snooze, m.to === "APPROVED")).get(...params) as MovedDraft | undefined;
  return row ?? null;
}

export function draftStatus(w: SqliteWriter, draftId: string): { id: string; status: string } | null {
  return (w.prepare(SQL.draft).get(draftId) as { id: string; status: string } | undefined) ?? null;
}

export function lastReview(w: SqliteWriter, draftId: string): { reviewerId: string; decision: string; reviewerName: string } | null {
  return (w.prepare(SQL.lastReview).get(draftId) as { reviewerId: string; decision: string; reviewerName: string } | undefined) ?? null;
}

export interface ReviewRow {
  draftId: string;
  reviewerId: string;
  decision: string;
  reasonTag: string | null;
  note: string | null;
  editedSubject: string | null;
  editedBody: string | null;
  diff: string | null;
  systemRecommendation: string | null;
  createdAt: Date;
}

export function insertReview(w: SqliteWriter, r: ReviewRow): void {
  w.prepare(SQL.insertReview).run(ulid(), r.draftId, r.reviewerId, r.decision, r.reasonTag, r.note, r.editedSubject, r.editedBody, r.diff, r.systemRecommendation, sqlTime(r.createdAt));
}

/** Rejection memory: this lead never gets the same e-mail again. */
export function rememberRejection(w: SqliteWriter, draft: { id: string; visitorId: string; fingerprint: string }, now: Date): void {
  const v = w.prepare(SQL.identityKey).get(draft.visitorId) as { identityKey: string } | undefined;
  if (!v) throw new Error(`visitor ${draft.visitorId} of draft ${draft.id} not found`);
  w.prepare(SQL.insertRejection).run(ulid(), v.identityKey, draft.fingerprint, draft.id, sqlTime(now));
}
