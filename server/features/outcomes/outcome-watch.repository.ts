import type { DbOrTx, Tx } from "@/server/db/client";
import { sqlTime } from "@/server/features/guardrails/guardrails.repository";

export interface WatchedSend {
  id: string;
  status: string;
  mode: string;
  sentAt: Date | null;
  visitorId: string;
}

export async function sendForWatch(db: DbOrTx, sendId: string): Promise<WatchedSend | null> {
  const s = await db.send.findUnique({ where: { id: sendId }, select: { id: true, status: true, mode: true, sentAt: true, draft: { select: { visitorId: true } } } });
  return s ? { id: s.id, status: s.status, mode: s.mode, sentAt: s.sentAt, visitorId: s.draft.visitorId } : null;
}

/** Opens the watch once (a write first: the SQLite lock is taken before reads); false = it already existed. */
export async function insertWatch(db: DbOrTx, sendId: string, startedAt: Date, deadline: Date): Promise<boolean> {
  const n = await db.$executeRaw`
    INSERT INTO "OutcomeWatch" ("sendId", "startedAt", "deadline", "status")
    VALUES (${sendId}, ${sqlTime(startedAt)}, ${sqlTime(deadline)}, 'WAITING')
    ON CONFLICT ("sendId") DO NOTHING`;
  return n === 1;
}

export function watch(db: DbOrTx, sendId: string) {
  return db.outcomeWatch.findUnique({ where: { sendId } });
}

/** Closes a WAITING watch (conditional: exactly one closer wins); false = already closed. */
export async function closeWatch(tx: Tx, sendId: string, status: "RESOLVED" | "NO_OUTCOME", outcomeId: string, result: string, now: Date): Promise<boolean> {
  const r = await tx.outcomeWatch.updateMany({ where: { sendId, status: "WAITING" }, data: { status, outcomeId, result, closedAt: now } });
  return r.count === 1;
}

/** The send's outcomes in the order they happened (the first final one closes the watch). */
export function outcomesOfSend(db: DbOrTx, sendId: string) {
  return db.outcome.findMany({ where: { sendId }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], select: { id: true, type: true, classification: true, occurredAt: true } });
}

export function outcome(db: DbOrTx, id: string) {
  return db.outcome.findUnique({ where: { id }, select: { id: true, sendId: true, type: true, classification: true } });
}

/**
 * Delivered sends of the last window with no watch yet (a lost send/sent event, a send made by the
 * sweep), oldest first. Pages through the window until `limit` are found, so a window full of
 * watched sends cannot hide a newer unwatched one.
 */
export async function unwatchedSends(db: DbOrTx, since: Date, before: Date, limit: number): Promise<{ id: string; draftId: string }[]> {
  const found: { id: string; draftId: string }[] = [];
  const page = Math.max(limit * 4, 100);
  for (let cursor: string | undefined; found.length < limit; ) {
    const sends = await db.send.findMany({
      where: { status: "SENT", mode: { not: "SHADOW" }, sentAt: { gte: since, lt: before } },
      orderBy: [{ sentAt: "asc" }, { id: "asc" }], take: page, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, draftId: true },
    });
    if (sends.length === 0) break;
    const watched = new Set((await db.outcomeWatch.findMany({ where: { sendId: { in: sends.map((s) => s.id) } }, select: { sendId: true } })).map((w) => w.sendId));
    found.push(...sends.filter((s) => !watched.has(s.id)));
    if (sends.length < page) break;
    cursor = sends[sends.length - 1].id;
  }
  return found.slice(0, limit);
}
