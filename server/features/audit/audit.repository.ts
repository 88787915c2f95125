import type { Db } from "@/server/db/client";
import type { AuditFilter } from "./audit.schemas";
import { entryHash, GENESIS_HASH, type AuditEntryContent, type AuditRow } from "@/server/domain/audit-chain";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

const ROW_SELECT = {
  seq: true, at: true, actorType: true, actorId: true, agent: true, action: true, decision: true,
  riskLevel: true, reason: true, subjectType: true, subjectId: true, evidence: true, prevHash: true, hash: true,
} as const;

/**
 * Appends one entry inside `tx`. The first statement writes the head row, which takes SQLite's
 * write lock (on PostgreSQL: the head row's lock) before anything is read: concurrent appenders
 * (other processes and instances too) queue behind it, and the read that follows sees the head
 * the previous appender committed.
 */
export async function appendInTx(tx: Tx, content: Omit<AuditEntryContent, "seq">): Promise<AuditRow> {
  // One raw statement: Prisma's upsert reads before it writes, and a read first lets another
  // connection commit in between (SQLITE_BUSY_SNAPSHOT on the upgrade) — since the send claim runs
  // on its own connection (server/db/sqlite-writer.ts) that can happen inside one process too.
  // RETURNING hands back the head the write just locked (one round trip instead of two).
  const [raw] = await tx.$queryRaw<{ lastSeq: number | bigint; lastHash: string }[]>`INSERT INTO "AuditHead" ("id", "lastSeq", "lastHash") VALUES (1, 0, ${GENESIS_HASH})
    ON CONFLICT ("id") DO UPDATE SET "lastSeq" = "AuditHead"."lastSeq" RETURNING "lastSeq", "lastHash"`;
  const head = { lastSeq: Number(raw.lastSeq), lastHash: raw.lastHash };
  const entry = { ...content, seq: head.lastSeq + 1 };
  const hash = entryHash(head.lastHash, entry);
  await tx.auditLog.create({ data: { ...entry, prevHash: head.lastHash, hash } });
  await tx.auditHead.update({ where: { id: 1 }, data: { lastSeq: entry.seq, lastHash: hash } });
  return { ...entry, prevHash: head.lastHash, hash };
}

/** The whole log in ascending order, a batch at a time (bounded memory for long chains). */
export async function* batches(db: Db, size = 2000): AsyncGenerator<AuditRow[]> {
  let after = 0;
  for (;;) {
    const rows = await db.auditLog.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: size, select: ROW_SELECT });
    if (rows.length) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1].seq;
  }
}

export function head(db: Db) {
  return db.auditHead.findUnique({ where: { id: 1 } });
}

export function whereOf(f: AuditFilter) {
  return {
    ...(f.actorType ? { actorType: f.actorType } : {}),
    ...(f.agent ? { agent: f.agent } : {}),
    ...(f.action ? { action: { contains: f.action } } : {}),
    ...(f.decision ? { decision: f.decision } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } } : {}),
    ...(f.q ? { OR: [{ subjectId: { contains: f.q } }, { reason: { contains: f.q } }, { evidence: { contains: f.q } }] } : {}),
  };
}

export function list(db: Db, f: AuditFilter & { cursor?: number | null; limit: number }) {
  return db.auditLog.findMany({
    where: { ...whereOf(f), ...(f.cursor ? { seq: { lt: f.cursor } } : {}) },
    orderBy: { seq: "desc" },
    take: f.limit + 1,
    select: ROW_SELECT,
  });
}
