import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { sqlTime } from "@/server/features/guardrails/guardrails.repository";

export const SEND_SELECT = {
  id: true, draftId: true, status: true, mode: true, recipientDomain: true, claimedAt: true, sentAt: true,
  providerContactId: true, providerMessageId: true, error: true, attempts: true,
} as const;

/** First statement of the claim: insert the row keyed by draft id (a write, so the lock is taken first). */
export async function insertClaim(tx: Tx, r: { sendId: string; draftId: string; mode: string; recipientDomain: string; recipientHash: string; now: Date }): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO "Send" ("id", "draftId", "status", "mode", "recipientDomain", "recipientHash", "claimedAt", "attempts", "updatedAt")
    VALUES (${r.sendId}, ${r.draftId}, 'CLAIMED', ${r.mode}, ${r.recipientDomain}, ${r.recipientHash}, ${sqlTime(r.now)}, 1, ${sqlTime(r.now)})
    ON CONFLICT ("draftId") DO NOTHING`;
  return n === 1;
}

/** Re-claims a row whose earlier claim was released before any provider call. */
export async function reclaimReleased(tx: Tx, draftId: string, mode: string, now: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Send" SET "status" = 'CLAIMED', "mode" = ${mode}, "claimedAt" = ${sqlTime(now)}, "attempts" = "attempts" + 1, "error" = NULL, "updatedAt" = ${sqlTime(now)}
    WHERE "draftId" = ${draftId} AND "status" = 'RELEASED'`;
  return n === 1;
}

export function findByDraft(db: DbOrTx, draftId: string) {
  return db.send.findUnique({ where: { draftId }, select: SEND_SELECT });
}
export type SendRow = NonNullable<Awaited<ReturnType<typeof findByDraft>>>;

export async function setMode(tx: Tx, sendId: string, mode: string) {
  await tx.send.update({ where: { id: sendId }, data: { mode }, select: { id: true } });
}

/** Conditional draft status move; false when the draft is not in one of `from`. */
export async function moveDraft(db: DbOrTx, draftId: string, from: string[], to: string, now: Date, extra: Record<string, unknown> = {}): Promise<boolean> {
  const r = await db.draft.updateMany({ where: { id: draftId, status: { in: from } }, data: { status: to, version: { increment: 1 }, updatedAt: now, ...extra } });
  return r.count === 1;
}

/** The subject variant a draft uses (the per-variant roll-up counts its sends). */
export async function variantOf(tx: Tx, draftId: string): Promise<string> {
  return (await tx.draft.findUniqueOrThrow({ where: { id: draftId }, select: { subjectVariantId: true } })).subjectVariantId;
}

/** Records the provider's answer. A late success also resolves a row a sweeper moved to NEEDS_REVIEW. */
export async function markSent(tx: Tx, sendId: string, r: { status: "SENT" | "SHADOW"; messageId: string | null; contactId: string | null; now: Date }): Promise<boolean> {
  const u = await tx.send.updateMany({
    where: { id: sendId, status: { in: ["CLAIMED", "NEEDS_REVIEW"] } },
    data: { status: r.status, providerMessageId: r.messageId, providerContactId: r.contactId, sentAt: r.now, error: null },
  });
  return u.count === 1;
}

export async function markStatus(db: DbOrTx, sendId: string, from: string[], to: "RELEASED" | "FAILED" | "NEEDS_REVIEW", error: string | null): Promise<boolean> {
  const u = await db.send.updateMany({ where: { id: sendId, status: { in: from } }, data: { status: to, error } });
  return u.count === 1;
}

export function staleClaims(db: Db, before: Date, limit: number) {
  return db.send.findMany({ where: { status: "CLAIMED", claimedAt: { lt: before } }, select: SEND_SELECT, orderBy: { claimedAt: "asc" }, take: limit });
}

export function loadDraftForSend(db: DbOrTx, draftId: string) {
  return db.draft.findUnique({
    where: { id: draftId },
    select: {
      id: true, status: true, tier: true, score: true, warm: true, qualityChecks: true, recommendation: true, decidedAt: true, sendAfter: true,
      visitor: { select: { id: true, email: true, firstName: true, lastName: true, companyName: true, state: true, erasedAt: true } },
    },
  });
}
