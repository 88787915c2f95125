import { ulid } from "@/server/db/ulid";
import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlTime, toDate } from "@/server/db/sql-values";
import type { NormalisedVisit } from "@/server/integrations/rb2b/rb2b.schemas";

/**
 * The RB2B delivery store as ONE synchronous unit of work on the SqliteWriter (group commit, its
 * own connection, prepared statements). Why: through Prisma the interactive transaction (five
 * statements) plus the emit mark cost ~28 ms a delivery here, against ~1 ms for the same rows on
 * better-sqlite3 — the intake reached 10 % of a bare server's throughput (bench/intake.ts).
 * Plain SQL with quoted identifiers and ON CONFLICT, as claim.sql.ts, for the PostgreSQL port.
 */
const PROFILE = ["email", "firstName", "lastName", "title", "linkedinUrl", "companyName", "companyDomain", "website", "industry",
  "employeeCountMin", "employeeCountMax", "revenueEstimate", "city", "state", "zipcode"] as const;

const SQL = {
  // The writer's batch holds the database's write lock (SQLite BEGIN IMMEDIATE; PostgreSQL its
  // advisory lock), so a key looked up here cannot be inserted by anyone else before this unit ends.
  deliveryByKey: `SELECT "id", "visitorId" FROM "WebhookDelivery" WHERE "source" = 'rb2b' AND "dedupeKey" = ?`,
  visitorByIdentity: `SELECT "id", "tags", "firstSeenAt", "lastSeenAt" FROM "Visitor" WHERE "identityKey" = ?`,
  insertVisitor: `INSERT INTO "Visitor" ("id", "identityKey", "isCompanyOnly", ${PROFILE.map((c) => `"${c}"`).join(", ")}, "tags", "firstSeenAt", "lastSeenAt", "visitCount", "createdAt", "updatedAt")
    VALUES (?, ?, ?, ${PROFILE.map(() => "?").join(", ")}, ?, ?, ?, 1, ?, ?)`,
  // A later delivery fills in or updates person/company fields: non-null values win (COALESCE).
  updateVisitor: `UPDATE "Visitor" SET ${PROFILE.map((c) => `"${c}" = COALESCE(?, "${c}")`).join(", ")}, "tags" = ?, "visitCount" = "visitCount" + 1,
    "firstSeenAt" = ?, "lastSeenAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
  // Written once, with its visitor: a second write of the row (the raw payload, ~1.5 kB) to link it
  // cost ~10 % of the unit (bench/intake.ts). A duplicate key that got in regardless fails the unique
  // index, and the unit's savepoint undoes the visitor write.
  insertDelivery: `INSERT INTO "WebhookDelivery" ("id", "source", "dedupeKey", "payload", "receivedAt", "emitAttempts", "visitorId") VALUES (?, 'rb2b', ?, ?, ?, 0, ?)`,
  insertPageView: `INSERT INTO "PageView" ("id", "visitorId", "deliveryId", "url", "referrer", "seenAt") VALUES (?, ?, ?, ?, ?, ?)`,
  markEmitted: `UPDATE "WebhookDelivery" SET "emittedAt" = ?, "emitAttempts" = "emitAttempts" + 1 WHERE "id" = ? AND "emittedAt" IS NULL`,
  markEmitFailed: `UPDATE "WebhookDelivery" SET "emitAttempts" = "emitAttempts" + 1 WHERE "id" = ? AND "emittedAt" IS NULL`,
} as const;

export type StoredDelivery =
  | { duplicate: true; deliveryId: string; visitorId: string | null }
  | { duplicate: false; deliveryId: string; visitorId: string; repeat: boolean };

/** Raw payload + visitor (created or updated) + page view; or the earlier delivery with the same key. */
export function storeDelivery(w: SqliteWriter, input: { dedupeKey: string; payload: string; visit: NormalisedVisit; now: Date }): StoredDelivery {
  const { visit } = input;
  const known = w.prepare(SQL.deliveryByKey).get(input.dedupeKey) as { id: string; visitorId: string | null } | undefined;
  if (known) return { duplicate: true, deliveryId: known.id, visitorId: known.visitorId };
  const now = sqlTime(input.now);
  const profile = PROFILE.map((k) => visit[k]);
  const seenAt = visit.page.seenAt;
  const existing = w.prepare(SQL.visitorByIdentity).get(visit.identityKey) as { id: string; tags: string; firstSeenAt: unknown; lastSeenAt: unknown } | undefined;
  let visitorId: string;
  if (existing) {
    const tags = [...new Set([...(JSON.parse(existing.tags) as string[]), ...visit.tags])].slice(0, 100);
    const first = toDate(existing.firstSeenAt);
    const last = toDate(existing.lastSeenAt);
    w.prepare(SQL.updateVisitor).run(...profile, JSON.stringify(tags), sqlTime(seenAt < first ? seenAt : first), sqlTime(seenAt > last ? seenAt : last), now, existing.id);
    visitorId = existing.id;
  } else {
    visitorId = ulid();
    w.prepare(SQL.insertVisitor).run(visitorId, visit.identityKey, visit.isCompanyOnly ? 1 : 0, ...profile, JSON.stringify(visit.tags), sqlTime(seenAt), sqlTime(seenAt), now, now);
  }
  const deliveryId = ulid();
  w.prepare(SQL.insertDelivery).run(deliveryId, input.dedupeKey, input.payload, now, visitorId);
  w.prepare(SQL.insertPageView).run(ulid(), visitorId, deliveryId, visit.page.url, visit.page.referrer, sqlTime(seenAt));
  return { duplicate: false, deliveryId, visitorId, repeat: existing !== undefined };
}

/** The deliveries whose events were sent together: one unit of work for the whole send. */
export function markEmitted(w: SqliteWriter, deliveryIds: readonly string[], now: Date): void {
  const mark = w.prepare(SQL.markEmitted);
  const at = sqlTime(now);
  for (const id of deliveryIds) mark.run(at, id);
}

export function markEmitFailed(w: SqliteWriter, deliveryIds: readonly string[]): void {
  const mark = w.prepare(SQL.markEmitFailed);
  for (const id of deliveryIds) mark.run(id);
}
