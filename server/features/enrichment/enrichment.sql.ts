import { ulid } from "@/server/db/ulid";
import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlTime, toDateOrNull } from "@/server/db/sql-values";

/**
 * Enrichment requests as plain SQL on the SqliteWriter's connection (prepared once): the Clay push,
 * its callback and the settle step run once per visitor, and through Prisma they cost ~20 queries
 * and three interactive transactions (bench/pipeline.ts). Writes run inside a unit of work; reads
 * inside one or in SqliteWriter.read. Quoted identifiers and ISO text times for the PostgreSQL port.
 */
const SQL = {
  visitorForPush: `SELECT "id", "linkedinUrl", "email", "firstName", "lastName", "title", "companyName", "companyDomain", "erasedAt" FROM "Visitor" WHERE "id" = ?`,
  byOrigin: `SELECT "id", "status", "reason", "pushedAt" FROM "EnrichmentRequest" WHERE "originKey" = ?`,
  request: `SELECT "id", "visitorId", "status", "backfillRunId" FROM "EnrichmentRequest" WHERE "id" = ?`,
  insert: `INSERT INTO "EnrichmentRequest" ("id", "visitorId", "status", "reason", "requestedAt", "backfillRunId", "originKey") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  visitorPending: `UPDATE "Visitor" SET "enrichmentStatus" = 'PENDING', "enrichmentAttempts" = "enrichmentAttempts" + 1, "updatedAt" = ? WHERE "id" = ?`,
  visitorPartial: `UPDATE "Visitor" SET "enrichmentStatus" = 'PARTIAL', "needsBackfill" = true, "updatedAt" = ? WHERE "id" = ?`,
  visitorComplete: `UPDATE "Visitor" SET "enrichmentStatus" = 'COMPLETE', "needsBackfill" = false, "lastEnrichedAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
  markPushed: `UPDATE "EnrichmentRequest" SET "pushedAt" = ? WHERE "id" = ? AND "pushedAt" IS NULL`,
  fillEmail: `UPDATE "Visitor" SET "email" = ?, "updatedAt" = ? WHERE "id" = ? AND "email" IS NULL`,
  claimSettle: `UPDATE "EnrichmentRequest" SET "settledAt" = ? WHERE "id" = ? AND "settledAt" IS NULL`,
} as const;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function visitorForPush(w: SqliteWriter, visitorId: string) {
  const r = w.prepare(SQL.visitorForPush).get(visitorId) as Record<string, unknown> | undefined;
  if (!r) return null;
  return {
    id: String(r.id), linkedinUrl: str(r.linkedinUrl), email: str(r.email), firstName: str(r.firstName), lastName: str(r.lastName), title: str(r.title),
    companyName: str(r.companyName), companyDomain: str(r.companyDomain), erasedAt: toDateOrNull(r.erasedAt),
  };
}
export type PushVisitor = NonNullable<ReturnType<typeof visitorForPush>>;

/** The request a workflow step already made (a retried step must not make a second one). */
export function findByOrigin(w: SqliteWriter, originKey: string) {
  const r = w.prepare(SQL.byOrigin).get(originKey) as Record<string, unknown> | undefined;
  return r ? { id: String(r.id), status: String(r.status), reason: str(r.reason), pushedAt: toDateOrNull(r.pushedAt) } : null;
}
export type PriorRequest = NonNullable<ReturnType<typeof findByOrigin>>;

export function findRequest(w: SqliteWriter, id: string) {
  const r = w.prepare(SQL.request).get(id) as Record<string, unknown> | undefined;
  return r ? { id: String(r.id), visitorId: String(r.visitorId), status: String(r.status), backfillRunId: str(r.backfillRunId) } : null;
}

/** A new request and the visitor's enrichment state (PENDING: one more attempt; otherwise partial, marked for backfill). */
export function createRequest(w: SqliteWriter, d: { visitorId: string; status: string; reason?: string; backfillRunId?: string | null; originKey?: string | null; now: Date }): { id: string } {
  const id = ulid();
  w.prepare(SQL.insert).run(id, d.visitorId, d.status, d.reason ?? null, sqlTime(d.now), d.backfillRunId ?? null, d.originKey ?? null);
  w.prepare(d.status === "PENDING" ? SQL.visitorPending : SQL.visitorPartial).run(sqlTime(new Date()), d.visitorId);
  return { id };
}

/** Moves a request out of PENDING/TIMED_OUT (conditional: only the first outcome wins) and the visitor with it. */
export function finish(w: SqliteWriter, id: string, data: { status: "COMPLETED" | "FAILED" | "TIMED_OUT"; reason?: string | null; result?: string | null; now: Date }) {
  const from = data.status === "TIMED_OUT" ? ["PENDING"] : ["PENDING", "TIMED_OUT"];
  const sets = [`"status" = ?`, `"reason" = ?`, `"completedAt" = ?`, ...(data.result != null ? [`"result" = ?`] : [])];
  const params = [data.status, data.reason ?? null, data.status === "TIMED_OUT" ? null : sqlTime(data.now), ...(data.result != null ? [data.result] : [])];
  const sql = `UPDATE "EnrichmentRequest" SET ${sets.join(", ")} WHERE "id" = ? AND "status" IN (${from.map(() => "?").join(", ")})`;
  const moved = w.prepare(sql).run(...params, id, ...from).changes === 1;
  const req = findRequest(w, id);
  if (!req || !moved) return { moved: false as const, req };
  const t = sqlTime(new Date());
  if (data.status === "COMPLETED") w.prepare(SQL.visitorComplete).run(sqlTime(data.now), t, req.visitorId);
  else w.prepare(SQL.visitorPartial).run(t, req.visitorId);
  return { moved: true as const, req };
}

/** Fills the visitor's e-mail from Clay when RB2B had none (the send path needs a recipient). */
export function fillEmail(w: SqliteWriter, visitorId: string, email: string): void {
  w.prepare(SQL.fillEmail).run(email, sqlTime(new Date()), visitorId);
}

export function markPushed(w: SqliteWriter, id: string, now: Date): void {
  w.prepare(SQL.markPushed).run(sqlTime(now), id);
}

/** True for the first caller only: the breaker and the backfill progress are fed once per request. */
export function claimSettle(w: SqliteWriter, id: string, now: Date): boolean {
  return w.prepare(SQL.claimSettle).run(sqlTime(now), id).changes === 1;
}
