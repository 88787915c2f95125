import type { Db } from "@/server/db/client";

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
