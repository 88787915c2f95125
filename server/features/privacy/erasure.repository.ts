import { ulid } from "@/server/db/ulid";
import type { DbOrTx, Tx } from "@/server/db/client";
import { sqlTime } from "@/server/features/guardrails/guardrails.repository";

export function visitor(db: DbOrTx, id: string) {
  return db.visitor.findUnique({ where: { id }, select: { id: true, email: true, identityKey: true, erasedAt: true, scoreBreakdown: true, firstName: true, lastName: true, linkedinUrl: true } });
}

/** First statement of the erasure transaction: a write (takes the lock); false = already erased. */
export async function markErased(tx: Tx, id: string, now: Date): Promise<boolean> {
  const r = await tx.visitor.updateMany({
    where: { id, erasedAt: null },
    data: {
      erasedAt: now, identityKey: `erased:${id}`, email: null, firstName: null, lastName: null, title: null, linkedinUrl: null,
      city: null, state: null, zipcode: null, tags: "[]",
    },
  });
  return r.count === 1;
}

export async function addSuppression(tx: Tx, emailHash: string, now: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO "Suppression" ("id", "emailHash", "reason", "source", "createdAt")
    VALUES (${ulid()}, ${emailHash}, ${"personal data erased: never contact again"}, ${"erasure"}, ${sqlTime(now)})
    ON CONFLICT ("emailHash") DO NOTHING`;
  return n === 1;
}

export async function draftsAndSends(tx: Tx, visitorId: string) {
  const drafts = await tx.draft.findMany({ where: { visitorId }, select: { id: true, send: { select: { id: true, recipientHash: true, providerContactId: true } } } });
  return { draftIds: drafts.map((d) => d.id), sends: drafts.flatMap((d) => (d.send ? [d.send] : [])) };
}

/** Ids of the contact's rows that pipeline events and alerts refer to (what the executor's tables can hold). */
export async function relatedIds(tx: Tx, visitorId: string, draftIds: string[], sendIds: string[]): Promise<string[]> {
  const [outcomes, preps, enrichments, deliveries, alerts] = await Promise.all([
    tx.outcome.findMany({ where: { sendId: { in: sendIds } }, select: { id: true } }),
    tx.callPrep.findMany({ where: { visitorId }, select: { id: true } }),
    tx.enrichmentRequest.findMany({ where: { visitorId }, select: { id: true } }),
    tx.webhookDelivery.findMany({ where: { visitorId }, select: { id: true } }),
    tx.alert.findMany({ where: { subjectType: "draft", subjectId: { in: draftIds } }, select: { id: true } }),
  ]);
  return [visitorId, ...draftIds, ...sendIds, ...[outcomes, preps, enrichments, deliveries, alerts].flat().map((r) => r.id)];
}
