import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/domain/errors";
import { recordInTx } from "@/server/features/audit/audit.service";
import { emailHash } from "@/server/features/suppression/suppression.service";
import * as repo from "./erasure.repository";
import { scrubExecutor } from "./executor-scrub.repository";

/**
 * Erases one contact's personal data (DESIGN.md §10) and leaves only the keyed hash of the address
 * in the suppression list, so the person is never e-mailed again, even after a re-import.
 *
 * Erased: the person fields of the visitor (name, e-mail, title, LinkedIn, city/state/zip, tags;
 * the identity key becomes `erased:<id>`, so a later visit starts a new visitor that the
 * suppression hash still blocks), score details that quote the person, page-view query strings and
 * referrers, raw webhook payloads, Clay results, draft subjects/bodies/evidence, approver edits
 * and notes, rejection memory, sandbox e-mails and CRM writes, reply text in outcome payloads,
 * call-prep briefs, the text of alerts about the contact's drafts (it quotes the subject line), and
 * the local executor's copies: events, step results and outputs of runs about the contact (a run
 * still in progress is cancelled; see executor-scrub.repository.ts), and the person's e-mail,
 * LinkedIn URL or full name wherever else an executor row quotes them. All in one transaction.
 * Kept, because counts and the audit need them and they identify no one: ids, statuses,
 * timestamps, scores and tiers, company-level fields (company name/domain, industry, size), the
 * recipient domain and keyed hash on sends, outcome types/classifications/values, and the audit
 * trail (which never holds personal data: ids and counts only; it is hash-chained and not edited).
 * The GHL contact itself is not deleted here (contact.delete is a CRITICAL action for a person).
 */
export interface ErasureResult {
  visitorId: string;
  already: boolean;
  suppressionAdded: boolean;
  counts: Record<string, number>;
}

const ERASED = "[erased]";

export async function eraseContact(db: Db, actor: { id: string }, visitorId: string, now = new Date()): Promise<ErasureResult> {
  const v = await repo.visitor(db, visitorId);
  if (!v) throw notFound("Contact");
  // Whole transaction retried when the database was busy (it rolled back; erasing again is the same).
  return retryBusy(() => db.$transaction(async (tx) => {
    if (!(await repo.markErased(tx, visitorId, now))) return { visitorId, already: true, suppressionAdded: false, counts: {} };
    const { draftIds, sends } = await repo.draftsAndSends(tx, visitorId);
    const sendIds = sends.map((s) => s.id);
    const hashes = new Set([...(v.email ? [emailHash(v.email)] : []), ...sends.map((s) => s.recipientHash)]);
    let suppressionAdded = false;
    for (const h of hashes) suppressionAdded = (await repo.addSuppression(tx, h, now)) || suppressionAdded;

    // Keep which signals scored and their points (metrics, learner); drop details that quote the person.
    const breakdown = (() => {
      try {
        return (JSON.parse(v.scoreBreakdown) as { signal: string; points: number; detail?: string }[]).map((b) => ({ signal: b.signal, points: b.points, detail: b.signal.startsWith("page:") || b.signal.startsWith("icp_") ? b.detail ?? "" : ERASED }));
      } catch {
        return [];
      }
    })();
    await tx.visitor.update({ where: { id: visitorId }, data: { scoreBreakdown: JSON.stringify(breakdown) } });
    const pages = await tx.pageView.findMany({ where: { visitorId }, select: { id: true, url: true } });
    for (const p of pages) {
      // Query strings and fragments can carry e-mail addresses or tracking ids; the path is the signal.
      let url = p.url;
      try {
        const u = new URL(p.url);
        url = `${u.origin}${u.pathname}`;
      } catch {
        url = p.url.split(/[?#]/)[0] ?? "";
      }
      await tx.pageView.update({ where: { id: p.id }, data: { url, referrer: null } });
    }
    const counts: Record<string, number> = { pageViews: pages.length, drafts: draftIds.length, sends: sendIds.length };
    counts.deliveries = (await tx.webhookDelivery.updateMany({ where: { visitorId }, data: { payload: "{}" } })).count;
    counts.enrichment = (await tx.enrichmentRequest.updateMany({ where: { visitorId }, data: { result: null, reason: null } })).count;
    await tx.draft.updateMany({ where: { visitorId }, data: { subject: ERASED, body: ERASED, evidence: "[]", recommendationReason: null } });
    counts.reviews = (await tx.review.updateMany({ where: { draftId: { in: draftIds } }, data: { editedSubject: null, editedBody: null, diff: null, note: null } })).count;
    counts.rejectionMemory = (await tx.rejectionMemory.deleteMany({ where: { OR: [{ identityKey: v.identityKey }, { draftId: { in: draftIds } }] } })).count;
    counts.outbox = (await tx.sandboxOutbox.updateMany({ where: { sendId: { in: sendIds } }, data: { toAddress: ERASED, subject: ERASED, html: ERASED, headers: "{}" } })).count;
    const contactIds = sends.map((s) => s.providerContactId).filter((c): c is string => !!c);
    counts.crmWrites = (await tx.sandboxCrmWrite.deleteMany({ where: { contactId: { in: contactIds } } })).count;
    // Outcomes keep type, classification, value and time (the metrics); the payload (reply text) goes.
    counts.outcomes = (await tx.outcome.updateMany({ where: { sendId: { in: sendIds } }, data: { payload: JSON.stringify({ erased: true }) } })).count;
    counts.callPreps = (await tx.callPrep.updateMany({ where: { visitorId }, data: { brief: "{}", fields: "[]", status: "ERASED", error: null } })).count;

    // Alerts keep kind, title, link and status (the Alerts list, the pacing); the text quotes the draft.
    counts.alerts = (await tx.alert.updateMany({ where: { subjectType: "draft", subjectId: { in: draftIds } }, data: { text: "Details erased with the contact's personal data.", lastError: null } })).count;
    const fullName = [v.firstName, v.lastName].filter(Boolean).join(" ");
    const ids = await repo.relatedIds(tx, visitorId, draftIds, sendIds);
    const needles = [v.email, v.linkedinUrl, v.identityKey, fullName].filter((s): s is string => !!s && !s.startsWith("erased:"));
    Object.assign(counts, await scrubExecutor(tx, { ids, needles }, now));

    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "privacy.erase", decision: "INFO", riskLevel: "HIGH", subjectType: "visitor", subjectId: visitorId,
      reason: "personal data erased; the address stays suppressed by its keyed hash", evidence: { suppressionAdded, counts },
    }, now);
    return { visitorId, already: false, suppressionAdded, counts };
  }, { maxWait: 15_000, timeout: 60_000 }));
}

/** The admin action on a draft's page: erase the person that draft was written to. */
export async function eraseContactOfDraft(db: Db, actor: { id: string }, draftId: string): Promise<ErasureResult> {
  const d = await db.draft.findUnique({ where: { id: draftId }, select: { visitorId: true } });
  if (!d) throw notFound("Draft");
  return eraseContact(db, actor, d.visitorId);
}
