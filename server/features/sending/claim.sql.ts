import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { breakerState } from "@/server/features/breakers/breakers.sql";
import type { GuardIoSync } from "@/server/features/guardrails/guardrails.service";
import { sqlTime, toBool, toDate, toDateOrNull } from "@/server/db/sql-values";
import { BUMP_COUNTER_SQL, bumpCountersParams, bumpCountersSql, sqlLimit, type CounterBump } from "@/server/features/guardrails/counters.sql";
import type { SendRow } from "./sending.repository";

/**
 * The send claim's statements (claim.ts; the breaker read is breakers.sql.ts), on the SqliteWriter's connection, prepared once.
 * Must run inside a unit of work (a write transaction). The same SQL runs on PostgreSQL (issue #9)
 * through PgSyncConnection: placeholders become $n there, DateTime values are passed as ISO text
 * (timestamp(3) columns, UTC) and read back as text (toDate). Every write is an atomic conditional
 * statement that takes its row's lock on PostgreSQL (ON CONFLICT on the draft's claim row, the
 * APPROVED -> SENDING move, the counter upserts), so a concurrent instance waits on, then re-checks
 * against, the committed row rather than relying on a database-wide writer lock.
 */
const SEND_COLUMNS = `"id", "draftId", "status", "mode", "recipientDomain", "claimedAt", "sentAt", "providerContactId", "providerMessageId", "error", "attempts"`;

const SQL = {
  insertSend: `INSERT INTO "Send" ("id", "draftId", "status", "mode", "recipientDomain", "recipientHash", "senderDomain", "claimedAt", "attempts", "updatedAt")
    VALUES (?, ?, 'CLAIMED', ?, ?, ?, ?, ?, 1, ?) ON CONFLICT ("draftId") DO NOTHING RETURNING ${SEND_COLUMNS}`,
  reclaimReleased: `UPDATE "Send" SET "status" = 'CLAIMED', "mode" = ?, "recipientDomain" = ?, "recipientHash" = ?, "senderDomain" = ?, "claimedAt" = ?, "attempts" = "attempts" + 1, "error" = NULL, "updatedAt" = ?
    WHERE "draftId" = ? AND "status" = 'RELEASED' RETURNING ${SEND_COLUMNS}`,
  sendByDraft: `SELECT ${SEND_COLUMNS} FROM "Send" WHERE "draftId" = ?`,
  setMode: `UPDATE "Send" SET "mode" = ?, "updatedAt" = ? WHERE "id" = ?`,
  // PostgreSQL: same statement ("version" + 1 is standard).
  draftToSending: `UPDATE "Draft" SET "status" = 'SENDING', "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'APPROVED'`,
  draftStatus: `SELECT "status" FROM "Draft" WHERE "id" = ?`,
  suppressed: `SELECT 1 AS "hit" FROM "Suppression" WHERE "emailHash" = ?`,
  approvalBasis: `SELECT "score", "tier", "warm", "recipientHash",
    EXISTS (SELECT 1 FROM "Review" WHERE "Review"."draftId" = "Draft"."id" AND "Review"."decision" IN ('APPROVE', 'APPROVE_EDITED')) AS "byPerson"
    FROM "Draft" WHERE "id" = ?`,
} as const;

/** Inserts the claim row keyed by draft id; the new row, or null when the draft already has one. */
export function insertClaim(
  w: SqliteWriter,
  r: { sendId: string; draftId: string; mode: string; recipientDomain: string; recipientHash: string; senderDomain: string; now: Date },
): SendRow | null {
  const t = sqlTime(r.now);
  return toSendRow(w.prepare(SQL.insertSend).get(r.sendId, r.draftId, r.mode, r.recipientDomain, r.recipientHash, r.senderDomain, t, t));
}

/**
 * Re-claims a row released before any provider call; the row, or null when it is not RELEASED. The
 * recipient is this claim's (the draft may have been re-approved for a new address since), so the
 * counters it bumps and a later bounce or release refer to the address actually mailed.
 */
export function reclaimReleased(w: SqliteWriter, r: { draftId: string; mode: string; recipientDomain: string; recipientHash: string; senderDomain: string; now: Date }): SendRow | null {
  const t = sqlTime(r.now);
  return toSendRow(w.prepare(SQL.reclaimReleased).get(r.mode, r.recipientDomain, r.recipientHash, r.senderDomain, t, t, r.draftId));
}

export function findByDraft(w: SqliteWriter, draftId: string): SendRow | null {
  return toSendRow(w.prepare(SQL.sendByDraft).get(draftId));
}

function toSendRow(row: unknown): SendRow | null {
  const r = row as Record<string, unknown> | undefined;
  if (!r) return null;
  return {
    id: String(r.id), draftId: String(r.draftId), status: String(r.status), mode: String(r.mode), recipientDomain: String(r.recipientDomain),
    claimedAt: toDate(r.claimedAt), sentAt: toDateOrNull(r.sentAt), providerContactId: (r.providerContactId as string | null) ?? null,
    providerMessageId: (r.providerMessageId as string | null) ?? null, error: (r.error as string | null) ?? null, attempts: Number(r.attempts),
  };
}

export function setMode(w: SqliteWriter, sendId: string, mode: string, now: Date): void {
  w.prepare(SQL.setMode).run(mode, sqlTime(now), sendId);
}

/** APPROVED -> SENDING; false when the draft is not APPROVED. */
export function draftToSending(w: SqliteWriter, draftId: string, now: Date): boolean {
  return w.prepare(SQL.draftToSending).run(sqlTime(now), draftId).changes === 1;
}

export function draftStatus(w: SqliteWriter, draftId: string): string | null {
  const r = w.prepare(SQL.draftStatus).get(draftId) as { status: string } | undefined;
  return r?.status ?? null;
}

/** Stored settings rows for these keys (validated by settings.service parseSettings). */
export function settingRows(w: SqliteWriter, keys: readonly string[]): { key: string; value: string }[] {
  const sql = `SELECT "key", "value" FROM "Setting" WHERE "key" IN (${keys.map(() => "?").join(", ")})`;
  return w.prepare(sql).all(...keys) as { key: string; value: string }[];
}

/**
 * What the draft's approval rests on: the address it was written for (hash; null on drafts from
 * before it was recorded), its lead's score, tier and warmth, and whether a person approved it.
 */
export function approvalBasis(w: SqliteWriter, draftId: string): { recipientHash: string | null; score: number; tier: string; warm: boolean; byPerson: boolean } | null {
  const r = w.prepare(SQL.approvalBasis).get(draftId) as { recipientHash: string | null; score: number; tier: string; warm: unknown; byPerson: unknown } | undefined;
  return r ? { recipientHash: r.recipientHash ?? null, score: Number(r.score), tier: r.tier, warm: toBool(r.warm), byPerson: toBool(r.byPerson) } : null;
}

export function isSuppressed(w: SqliteWriter, emailHash: string): boolean {
  return w.prepare(SQL.suppressed).get(emailHash) !== undefined;
}

/** The guardrail's reads and writes on this connection. */
export function guardIo(w: SqliteWriter): GuardIoSync {
  return {
    breakerRow: (service) => breakerState(w, service),
    bumpCounter(key, limit, windowStart, now) {
      if (limit <= 0) return false;
      return w.prepare(BUMP_COUNTER_SQL).run(key, sqlTime(windowStart), sqlTime(now), sqlLimit(limit)).changes === 1;
    },
  };
}

/** Every limit counter (+ the gap row) in one statement; true when every row moved. */
export function bumpCountersAtomically(w: SqliteWriter, bumps: CounterBump[], gap: { key: string; minGapMs: number } | null, now: Date): boolean {
  if (bumps.some((b) => b.limit <= 0)) return false;
  const n = w.prepare(bumpCountersSql(bumps.length, gap !== null)).run(...bumpCountersParams(bumps, gap, now)).changes;
  return n === bumps.length + (gap ? 1 : 0);
}

/** Which of these counters is full (after a failed bump, to say why and when to retry). */
export function fullCounters(w: SqliteWriter, bumps: CounterBump[]): string[] {
  const sql = `SELECT "key", "count" FROM "LimitCounter" WHERE "key" IN (${bumps.map(() => "?").join(", ")})`;
  const rows = w.prepare(sql).all(...bumps.map((b) => b.key)) as { key: string; count: number }[];
  const count = new Map(rows.map((r) => [r.key, Number(r.count)]));
  return bumps.filter((b) => (count.get(b.key) ?? 0) >= b.limit).map((b) => b.key);
}
