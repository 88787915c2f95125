import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { recordInTx } from "@/server/features/audit/audit.service";
import { verifyUnsubscribeToken } from "@/server/features/drafting/compose-email";
import { emailHash } from "./suppression.service";

export type UnsubscribeResult = { ok: true; already: boolean } | { ok: false; reason: "INVALID_LINK" };

/** Drafts that could still be sent to this contact; an unsubscribe drops them at once. */
const OPEN = ["DRAFTED", "PENDING_REVIEW", "SNOOZED", "APPROVED"];

/**
 * Honours an unsubscribe at once (mailbox providers allow 2 days; we take none): the address joins
 * the suppression list as a keyed hash, every open draft to the contact is dropped, and the
 * audit trail records it. Idempotent; a forged or altered link changes nothing.
 */
export async function unsubscribe(db: Db, visitorId: string, token: string, source: "link" | "one-click"): Promise<UnsubscribeResult> {
  if (!visitorId || !token || !verifyUnsubscribeToken(visitorId, token)) return { ok: false, reason: "INVALID_LINK" };
  const visitor = await db.visitor.findUnique({ where: { id: visitorId }, select: { email: true } });
  if (!visitor) return { ok: false, reason: "INVALID_LINK" };
  return retryBusy(() => db.$transaction(async (tx) => {
    let already = true;
    if (visitor.email) {
      const h = emailHash(visitor.email);
      const existing = await tx.suppression.findUnique({ where: { emailHash: h }, select: { id: true } });
      if (!existing) {
        already = false;
        await tx.suppression.create({ data: { emailHash: h, reason: "unsubscribe", source } });
      }
    }
    const dropped = await tx.draft.updateMany({
      where: { visitorId, status: { in: OPEN } },
      data: { status: "DROPPED", recommendation: "DROP", recommendationReason: "the contact unsubscribed", version: { increment: 1 } },
    });
    await recordInTx(tx, {
      actorType: "SYSTEM", action: "contact.unsubscribe", decision: "INFO", riskLevel: "HIGH", subjectType: "visitor", subjectId: visitorId,
      evidence: { source, alreadySuppressed: already, draftsDropped: dropped.count },
    });
    return { ok: true as const, already };
  }));
}
