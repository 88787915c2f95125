import type { Db } from "@/server/db/client";

export function markEmitted(db: Db, deliveryId: string, now: Date) {
  return db.webhookDelivery.updateMany({ where: { id: deliveryId, emittedAt: null }, data: { emittedAt: now, emitAttempts: { increment: 1 } } });
}

export function markEmitFailed(db: Db, deliveryId: string) {
  return db.webhookDelivery.updateMany({ where: { id: deliveryId, emittedAt: null }, data: { emitAttempts: { increment: 1 } } });
}

/** RB2B deliveries stored but whose event was never accepted, oldest first. */
export function pendingEmits(db: Db, receivedBefore: Date, limit: number) {
  return db.webhookDelivery.findMany({
    where: { source: "rb2b", emittedAt: null, visitorId: { not: null }, receivedAt: { lt: receivedBefore } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true, visitorId: true },
  });
}

export function countPageViewsBefore(db: Db, visitorId: string, deliveryId: string) {
  return db.pageView.count({ where: { visitorId, NOT: { deliveryId } } });
}
