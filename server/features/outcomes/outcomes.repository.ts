import { ulid } from "@/server/db/ulid";
import type { DbOrTx, Tx } from "@/server/db/client";
import { sqlTime } from "@/server/features/guardrails/guardrails.repository";

export interface MatchedSend {
  id: string;
  recipientHash: string;
  visitorId: string;
}

const SELECT = { id: true, recipientHash: true, draft: { select: { visitorId: true } } } as const;
const flat = (s: { id: string; recipientHash: string; draft: { visitorId: string } } | null): MatchedSend | null =>
  s ? { id: s.id, recipientHash: s.recipientHash, visitorId: s.draft.visitorId } : null;

export async function sendByMessageId(db: DbOrTx, messageId: string): Promise<MatchedSend | null> {
  return flat(await db.send.findFirst({ where: { providerMessageId: messageId }, select: SELECT }));
}

/** The contact's most recent delivered send at or before the event (the e-mail they are answering). */
export async function latestSendToContact(db: DbOrTx, contactId: string, at: Date): Promise<MatchedSend | null> {
  const s = await db.send.findFirst({
    where: { providerContactId: contactId, sentAt: { not: null, lte: at } },
    orderBy: { sentAt: "desc" },
    select: SELECT,
  });
  return flat(s ?? (await db.send.findFirst({ where: { providerContactId: contactId, sentAt: { not: null } }, orderBy: { sentAt: "desc" }, select: SELECT })));
}

/**
 * First statement of the event transaction: insert keyed by provider event id (a write, so the
 * SQLite lock is taken before any read). 0 rows = the event was already stored (a redelivery).
 */
export async function insertOutcome(tx: Tx, o: { id: string; sendId: string | null; type: string; classification: string | null; providerEventId: string; value: number | null; occurredAt: Date; payload: string; now: Date }): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO "Outcome" ("id", "sendId", "type", "classification", "providerEventId", "value", "occurredAt", "payload", "createdAt")
    VALUES (${o.id}, ${o.sendId}, ${o.type}, ${o.classification}, ${o.providerEventId}, ${o.value}, ${sqlTime(o.occurredAt)}, ${o.payload}, ${sqlTime(o.now)})
    ON CONFLICT ("providerEventId") DO NOTHING`;
  return n === 1;
}

/** Adds a keyed hash to the suppression list; false when it was already there. */
export async function suppressHash(tx: Tx, emailHash: string, reason: string, source: string, now: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO "Suppression" ("id", "emailHash", "reason", "source", "createdAt")
    VALUES (${ulid()}, ${emailHash}, ${reason}, ${source}, ${sqlTime(now)})
    ON CONFLICT ("emailHash") DO NOTHING`;
  return n === 1;
}

/** Drafts that could still go out to this contact (not SENDING: the executor owns those). */
export const OPEN_DRAFT_STATUSES = ["DRAFTED", "PENDING_REVIEW", "SNOOZED", "APPROVED"];

export async function dropOpenDrafts(tx: Tx, visitorId: string, reason: string): Promise<string[]> {
  const open = await tx.draft.findMany({ where: { visitorId, status: { in: OPEN_DRAFT_STATUSES } }, select: { id: true } });
  if (open.length === 0) return [];
  await tx.draft.updateMany({
    where: { id: { in: open.map((d) => d.id) }, status: { in: OPEN_DRAFT_STATUSES } },
    data: { status: "DROPPED", recommendation: "DROP", recommendationReason: reason, version: { increment: 1 } },
  });
  return open.map((d) => d.id);
}
