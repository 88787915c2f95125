import type { Db, Tx } from "@/server/db/client";

/** The N most recent drafts that reached Dani or the outbox: what a review sample is drawn from. */
export function recentDrafts(db: Db, size: number) {
  return db.draft.findMany({
    where: { status: { in: ["PENDING_REVIEW", "APPROVED", "SENDING", "SENT"] } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: size,
    select: { id: true, subject: true, body: true, tier: true, status: true, createdAt: true },
  });
}

export function ratingsFor(db: Db, draftIds: string[], reviewerId?: string) {
  return db.emailRating.findMany({
    where: { draftId: { in: draftIds }, ...(reviewerId ? { reviewerId } : {}) },
    select: { draftId: true, reviewerId: true, personalisation: true, subject: true, valueProposition: true, cta: true, tone: true, createdAt: true },
  });
}

/** A no-op write on the caller's rating: as the first statement of a transaction it takes SQLite's write lock before any read. */
export function touchRating(tx: Tx, draftId: string, reviewerId: string) {
  return tx.emailRating.updateMany({ where: { draftId, reviewerId }, data: { draftId } });
}

export function ratingOf(tx: Tx, draftId: string, reviewerId: string) {
  return tx.emailRating.findUnique({
    where: { draftId_reviewerId: { draftId, reviewerId } },
    select: { personalisation: true, subject: true, valueProposition: true, cta: true, tone: true, createdAt: true },
  });
}
