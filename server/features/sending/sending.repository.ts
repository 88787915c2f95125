import type { Db, DbOrTx, Tx } from "@/server/db/client";

export const SEND_SELECT = {
  id: true, draftId: true, status: true, mode: true, recipientDomain: true, claimedAt: true, sentAt: true,
  providerContactId: true, providerMessageId: true, error: true, attempts: true,
} as const;

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
