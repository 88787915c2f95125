import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlTime } from "@/server/db/sql-values";
import { entryHash, GENESIS_HASH, type AuditEntryContent, type AuditRow } from "@/server/domain/audit-chain";
import { toContent } from "./audit.service";
import type { AuditEntryInput } from "./audit.schemas";

/**
 * The audit append of audit.repository.ts appendInTx, on a SqliteWriter unit of work (plain SQL,
 * prepared once). Same rows and the same hashes (entryHash over the same content); the head row
 * still serialises appenders: the unit runs inside a write transaction (BEGIN IMMEDIATE), so the
 * head read here is the latest and nobody else can append until it commits.
 * The same SQL runs on PostgreSQL (issue #9): there the head upsert's ON CONFLICT DO UPDATE takes
 * the head row's lock and RETURNs the newest committed version, so appenders from every instance
 * queue on that row and each reads the head its predecessor wrote (tested with four processes in
 * audit.service.test.ts on both databases).
 */
const HEAD = `INSERT INTO "AuditHead" ("id", "lastSeq", "lastHash") VALUES (1, 0, ?)
  ON CONFLICT ("id") DO UPDATE SET "lastSeq" = "AuditHead"."lastSeq" RETURNING "lastSeq", "lastHash"`;
const INSERT = `INSERT INTO "AuditLog" ("seq", "at", "actorType", "actorId", "agent", "action", "decision", "riskLevel", "reason",
  "subjectType", "subjectId", "evidence", "prevHash", "hash") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const MOVE_HEAD = `UPDATE "AuditHead" SET "lastSeq" = ?, "lastHash" = ? WHERE "id" = 1`;

/** DateTime text as Prisma writes it on SQLite. */

export function appendSync(w: SqliteWriter, content: Omit<AuditEntryContent, "seq">): AuditRow {
  if (!w.conn.inTransaction) throw new Error("audit appendSync must run inside a write transaction");
  const head = w.prepare(HEAD).get(GENESIS_HASH) as { lastSeq: number; lastHash: string };
  const entry = { ...content, seq: head.lastSeq + 1 };
  const hash = entryHash(head.lastHash, entry);
  w.prepare(INSERT).run(
    entry.seq, sqlTime(entry.at), entry.actorType, entry.actorId, entry.agent, entry.action, entry.decision, entry.riskLevel,
    entry.reason, entry.subjectType, entry.subjectId, entry.evidence, head.lastHash, hash,
  );
  w.prepare(MOVE_HEAD).run(entry.seq, hash);
  return { ...entry, prevHash: head.lastHash, hash };
}

/** recordInTx for a SqliteWriter unit of work. */
export function recordSync(w: SqliteWriter, input: AuditEntryInput, now = new Date()): AuditRow {
  return appendSync(w, toContent(input, now));
}
