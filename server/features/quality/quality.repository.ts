import type { Db } from "@/server/db/client";

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
