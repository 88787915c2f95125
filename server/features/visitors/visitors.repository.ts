import type { Db } from "@/server/db/client";
import type { NormalisedVisit } from "@/server/integrations/rb2b/rb2b.schemas";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function findDelivery(db: Db | Tx, source: string, dedupeKey: string) {
  return db.webhookDelivery.findUnique({
    where: { source_dedupeKey: { source, dedupeKey } },
    select: { id: true, visitorId: true, emittedAt: true },
  });
}

/** Person/company fields a later delivery may fill in or update (non-null values win). */
function profileFields(v: NormalisedVisit) {
  const out: Record<string, unknown> = {};
  for (const k of ["email", "firstName", "lastName", "title", "linkedinUrl", "companyName", "companyDomain", "website", "industry",
    "employeeCountMin", "employeeCountMax", "revenueEstimate", "city", "state", "zipcode"] as const) {
    if (v[k] !== null) out[k] = v[k];
  }
  return out;
}

/**
 * Stores one delivery: raw payload, visitor (created or updated) and page view, in the caller's
 * transaction. The delivery insert comes first, so the write lock is taken before any read and a
 * duplicate (unique source+dedupeKey) aborts before anything else is written.
 */
export async function storeDeliveryInTx(tx: Tx, input: { dedupeKey: string; payload: string; visit: NormalisedVisit; now: Date }) {
  const { visit, now } = input;
  const delivery = await tx.webhookDelivery.create({
    data: { source: "rb2b", dedupeKey: input.dedupeKey, payload: input.payload, receivedAt: now },
    select: { id: true },
  });
  const existing = await tx.visitor.findUnique({
    where: { identityKey: visit.identityKey },
    select: { id: true, tags: true, firstSeenAt: true, lastSeenAt: true },
  });
  let visitorId: string;
  if (existing) {
    const tags = [...new Set([...(JSON.parse(existing.tags) as string[]), ...visit.tags])].slice(0, 100);
    await tx.visitor.update({
      where: { id: existing.id },
      data: {
        ...profileFields(visit),
        tags: JSON.stringify(tags),
        visitCount: { increment: 1 },
        firstSeenAt: visit.page.seenAt < existing.firstSeenAt ? visit.page.seenAt : existing.firstSeenAt,
        lastSeenAt: visit.page.seenAt > existing.lastSeenAt ? visit.page.seenAt : existing.lastSeenAt,
      },
      select: { id: true },
    });
    visitorId = existing.id;
  } else {
    const created = await tx.visitor.create({
      data: {
        identityKey: visit.identityKey,
        isCompanyOnly: visit.isCompanyOnly,
        ...profileFields(visit),
        tags: JSON.stringify(visit.tags),
        firstSeenAt: visit.page.seenAt,
        lastSeenAt: visit.page.seenAt,
        visitCount: 1,
      },
      select: { id: true },
    });
    visitorId = created.id;
  }
  await tx.pageView.create({
    data: { visitorId, deliveryId: delivery.id, url: visit.page.url, referrer: visit.page.referrer, seenAt: visit.page.seenAt },
    select: { id: true },
  });
  await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { visitorId }, select: { id: true } });
  return { deliveryId: delivery.id, visitorId, repeat: existing !== null };
}

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
