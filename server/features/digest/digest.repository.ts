import type { Db } from "@/server/db/client";

/** Sent e-mails of a period with their template, and the human replies they drew (for per-template figures). */
export async function templateWeek(db: Db, from: Date, to: Date) {
  const sends = await db.send.findMany({
    where: { status: "SENT", sentAt: { gte: from, lt: to } },
    select: { id: true, draft: { select: { templateVersion: { select: { templateId: true } } } } },
  });
  const replies = sends.length === 0 ? [] : await db.outcome.findMany({
    where: { type: "REPLY", classification: { in: ["POSITIVE", "NEGATIVE", "NEUTRAL", "UNSUBSCRIBE"] }, sendId: { in: sends.map((s) => s.id) } },
    select: { sendId: true, classification: true },
  });
  return { sends, replies };
}

export function templates(db: Db) {
  return db.template.findMany({ select: { id: true, name: true, active: true, flaggedAt: true, flagReason: true }, orderBy: { name: "asc" } });
}

export async function pendingFigures(db: Db, now: Date) {
  const awaiting = { OR: [{ status: "PENDING_REVIEW" }, { status: "SNOOZED", snoozedUntil: { lte: now } }] };
  const [reviews, oldest, sendsNeedingReview] = await Promise.all([
    db.draft.count({ where: awaiting }),
    db.draft.findFirst({ where: awaiting, orderBy: { createdAt: "asc" }, select: { createdAt: true, decidedAt: true } }),
    db.send.count({ where: { status: "NEEDS_REVIEW" } }),
  ]);
  const since = oldest ? (oldest.decidedAt ?? oldest.createdAt) : null;
  return { reviews, oldestReviewHours: since ? Math.floor((now.getTime() - since.getTime()) / 3_600_000) : null, sendsNeedingReview };
}

export const failedAlerts = (db: Db, from: Date, to: Date) => db.alert.count({ where: { status: "FAILED", createdAt: { gte: from, lt: to } } });

export const findByWeek = (db: Db, weekKey: string) => db.digest.findUnique({ where: { weekKey }, select: { id: true } });

export function save(db: Db, d: { weekKey: string; periodStart: Date; periodEnd: Date; data: string; now: Date }) {
  return db.digest.upsert({
    where: { weekKey: d.weekKey },
    create: { weekKey: d.weekKey, periodStart: d.periodStart, periodEnd: d.periodEnd, data: d.data, createdAt: d.now },
    update: { periodStart: d.periodStart, periodEnd: d.periodEnd, data: d.data },
    select: { id: true, weekKey: true },
  });
}

export const get = (db: Db, id: string) => db.digest.findUnique({ where: { id }, select: { id: true, weekKey: true, createdAt: true, data: true } });
export const latest = (db: Db) => db.digest.findFirst({ orderBy: { createdAt: "desc" }, select: { id: true, weekKey: true, createdAt: true, data: true } });
export const history = (db: Db) => db.digest.findMany({ orderBy: { createdAt: "desc" }, take: 26, select: { id: true, weekKey: true, createdAt: true } });

export const isUsed = async (db: Db, jti: string) => (await db.usedActionToken.findUnique({ where: { jti }, select: { jti: true } })) !== null;

/** Marks a token used; false when it already was (the primary key makes the second insert fail). */
export async function markUsed(db: Db, jti: string, action: string, usedBy: string, at: Date): Promise<boolean> {
  try {
    await db.usedActionToken.create({ data: { jti, action, usedBy, usedAt: at }, select: { jti: true } });
    return true;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err?.code === "P2002" || /unique constraint/i.test(err?.message ?? "")) return false;
    throw e;
  }
}

export const unmarkUsed = (db: Db, jti: string) => db.usedActionToken.deleteMany({ where: { jti } });
