import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/server/db/generated/client";
import type { Db } from "@/server/db/client";
import { prepare } from "@/server/features/call-prep/call-prep.service";
import { dayKey, recomputeDay } from "@/server/features/metrics/metrics.service";
import { processGhlEvent } from "@/server/features/outcomes/outcomes.service";
import { sendDraft } from "@/server/features/sending/sending.service";
import { emailHash, isSuppressed } from "@/server/features/suppression/suppression.service";
import { createSandboxGhl } from "@/server/integrations/ghl";
import { useGlobalDb } from "@/server/testing/global-db";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { eraseContact } from "./erasure.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  await openWindow(t.db);
});
afterAll(() => t.cleanup());

/** Every row of every table, as JSON, that contains `needle` (case-insensitive). Database-agnostic. */
async function rowsContaining(db: Db, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<unknown[]> }>)[model[0]!.toLowerCase() + model.slice(1)];
    for (const row of await delegate.findMany()) {
      const text = JSON.stringify(row, (_, v) => (typeof v === "bigint" ? v.toString() : v));
      if (text.toLowerCase().includes(needle.toLowerCase())) hits.push(`${model}: ${text.slice(0, 200)}`);
    }
  }
  return hits;
}

const EMAIL = "quinn.okonkwo-vasquez@erasure-test.example";
const FIRST = "Quinn";
const LAST = "Okonkwo-Vasquez";
const LINKEDIN = "https://www.linkedin.com/in/quinn-okonkwo-vasquez";
const REPLY = "Sounds great, let's talk. Quinn here, call me on my mobile";

describe("erasing a contact's personal data", () => {
  it("leaves no trace of the person in any table (audit included), keeps the counts, and the keyed hash keeps them suppressed", async () => {
    // A full history: intake payload, page view with a query string, Clay result, a sent draft
    // (sandbox e-mail), an approver edit, a positive reply, a booked meeting and its call-prep brief.
    const [draftId] = await seedDrafts(t.db, [{ email: EMAIL, status: "APPROVED" }], "erase");
    const { visitorId } = await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitorId: true } });
    await t.db.visitor.update({ where: { id: visitorId }, data: { firstName: FIRST, lastName: LAST, linkedinUrl: LINKEDIN, identityKey: LINKEDIN, title: "Chief Revenue Officer", scoreBreakdown: JSON.stringify([{ signal: "page:pricing", points: 20, detail: "Viewed pricing" }, { signal: "warm_connection", points: 15, detail: `${FIRST} ${LAST} worked with Dani` }]) } });
    await t.db.draft.update({ where: { id: draftId }, data: { body: `Hi ${FIRST},\n\nWe help revenue teams qualify website visitors and send only what a human would approve. Most teams see the first reviewed emails go out within a week, and nothing leaves without the checks passing.\n\nWould a short call next week be useful?`, evidence: JSON.stringify([{ field: "firstName", value: FIRST, source: "rb2b", dataId: "d", verifiedAt: new Date().toISOString() }]) } });
    await t.db.webhookDelivery.create({ data: { source: "rb2b", dedupeKey: "erase-1", payload: JSON.stringify({ "Business Email": EMAIL, "First Name": FIRST }), visitorId } });
    await t.db.pageView.create({ data: { visitorId, url: `https://caio.test/pricing?email=${encodeURIComponent(EMAIL)}#${LAST}`, referrer: `https://mail.example/?to=${EMAIL}`, seenAt: new Date() } });
    await t.db.enrichmentRequest.create({ data: { visitorId, status: "COMPLETED", completedAt: new Date(), result: JSON.stringify({ email: EMAIL, lastName: LAST, recentNews: "Expanded" }) } });
    const reviewer = await createUser(t.db, "APPROVER");
    await t.db.review.create({ data: { draftId, reviewerId: reviewer.id, decision: "APPROVE_EDITED", editedSubject: `For ${FIRST}`, editedBody: `Hi ${FIRST} ${LAST}`, note: `${FIRST} asked for it` } });
    await t.db.rejectionMemory.create({ data: { identityKey: LINKEDIN, fingerprint: "fp", draftId } });
    const sent = await sendDraft(t.db, { ghl: createSandboxGhl(t.db) }, draftId);
    expect(sent).toMatchObject({ kind: "SENT" });
    const send = await t.db.send.findUniqueOrThrow({ where: { draftId } });
    const r = await processGhlEvent(t.db, { type: "InboundMessage", messageId: "in-erase", contactId: send.providerContactId!, direction: "inbound", subject: `Re: ${FIRST}`, body: REPLY });
    expect(r).toMatchObject({ kind: "stored", classification: "POSITIVE" });
    const m = await processGhlEvent(t.db, { type: "AppointmentCreate", appointment: { id: "appt-erase", contactId: send.providerContactId!, startTime: "2026-12-01T15:00:00Z" } });
    const prep = await prepare(t.db, m.kind === "stored" ? m.outcomeId : "");
    expect(prep).toMatchObject({ kind: "prepared" });
    await createSandboxGhl(t.db).updateCustomFields(send.providerContactId!, [{ key: "contact.caio_call_prep", field_value: `Who: ${FIRST} ${LAST}` }]);
    await recomputeDay(t.db, dayKey(new Date()));
    const metricsBefore = await t.db.metricDaily.findMany({ orderBy: { day: "asc" } });
    expect(await rowsContaining(t.db, EMAIL)).not.toEqual([]);
    expect(await rowsContaining(t.db, LAST)).not.toEqual([]);
    expect(await isSuppressed(t.db, EMAIL)).toBe(false); // a positive reply does not suppress

    const admin = await createUser(t.db, "ADMIN");
    const res = await eraseContact(t.db, admin, visitorId);
    expect(res).toMatchObject({ already: false, suppressionAdded: true, counts: { drafts: 1, sends: 1, outcomes: 2, callPreps: 1, crmWrites: 1, rejectionMemory: 1, deliveries: 1 } });

    for (const needle of [EMAIL, FIRST, LAST, LINKEDIN, "quinn-okonkwo", REPLY, "mobile", encodeURIComponent(EMAIL)]) {
      expect(await rowsContaining(t.db, needle), needle).toEqual([]);
    }
    // Only the keyed hash remains, and it still blocks the address.
    expect(await t.db.suppression.findUniqueOrThrow({ where: { emailHash: emailHash(EMAIL) } })).toMatchObject({ source: "erasure" });
    expect(await isSuppressed(t.db, EMAIL)).toBe(true);
    // Counts keep working: the same outcomes, the same roll-up.
    expect(await t.db.outcome.findMany({ where: { sendId: send.id }, select: { type: true, classification: true }, orderBy: { type: "asc" } })).toEqual([{ type: "MEETING", classification: null }, { type: "REPLY", classification: "POSITIVE" }]);
    await recomputeDay(t.db, dayKey(new Date()));
    expect((await t.db.metricDaily.findMany({ orderBy: { day: "asc" } })).map(({ updatedAt: _u, ...rest }) => rest)).toEqual(metricsBefore.map(({ updatedAt: _u, ...rest }) => rest));
    expect(await t.db.pageView.findFirstOrThrow({ where: { visitorId } })).toMatchObject({ url: "https://caio.test/pricing", referrer: null });
    expect(JSON.parse((await t.db.visitor.findUniqueOrThrow({ where: { id: visitorId } })).scoreBreakdown)).toEqual([{ signal: "page:pricing", points: 20, detail: "Viewed pricing" }, { signal: "warm_connection", points: 15, detail: "[erased]" }]);
    // Audited, once; a second erasure is a no-op.
    expect(await t.db.auditLog.count({ where: { action: "privacy.erase", subjectId: visitorId, actorId: admin.id } })).toBe(1);
    expect(await eraseContact(t.db, admin, visitorId)).toMatchObject({ already: true });
    expect(await t.db.auditLog.count({ where: { action: "privacy.erase", subjectId: visitorId } })).toBe(1);
  });
});
