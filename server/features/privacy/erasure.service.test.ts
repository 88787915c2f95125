import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { rowsContainingText } from "@/server/testing/text-scan";
import { createUser } from "@/server/testing/users";
import { REDACTED } from "./executor-scrub.repository";
import { eraseContact } from "./erasure.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  await openWindow(t.db);
});
afterAll(() => t.cleanup());

/** Every stored text value, in any table (found through the database's catalogue), that contains `needle`. */
const rowsContaining = (db: Db, needle: string) => rowsContainingText(db, t.dialect, needle);

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
    await t.db.alert.create({ data: { kind: "HOT_LEAD", severity: "WARNING", title: "HOT lead waiting for review", text: `HOT, score 80: CRO at Acme. Subject: "${FIRST}, a quick question"`, link: `/inbox/${draftId}`, dedupeKey: `hot:${draftId}`, subjectType: "draft", subjectId: draftId } });
    const ex = await seedExecutor(t.db, { visitorId, draftId, sendId: send.id });
    await recomputeDay(t.db, dayKey(new Date()));
    const metricsBefore = await t.db.metricDaily.findMany({ orderBy: { day: "asc" } });
    expect(await rowsContaining(t.db, EMAIL)).not.toEqual([]);
    expect(await rowsContaining(t.db, LAST)).not.toEqual([]);
    expect(await isSuppressed(t.db, EMAIL)).toBe(false); // a positive reply does not suppress

    const admin = await createUser(t.db, "ADMIN");
    const res = await eraseContact(t.db, admin, visitorId);
    expect(res).toMatchObject({ already: false, suppressionAdded: true, counts: { drafts: 1, sends: 1, outcomes: 2, callPreps: 1, crmWrites: 1, rejectionMemory: 1, deliveries: 1, alerts: 1, execRunsCancelled: 1, execRuns: 2 } });

    for (const needle of [EMAIL, FIRST, LAST, LINKEDIN, "quinn-okonkwo", REPLY, "mobile", encodeURIComponent(EMAIL)]) {
      expect(await rowsContaining(t.db, needle), needle).toEqual([]);
    }
    await expectExecutorScrubbed(t.db, ex);
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

/**
 * What the local executor stores for this contact (as inngest/executor/store.ts writes it): their
 * pipeline events, a finished run with their data in a step result and the output (and the
 * executor's function.finished event quoting it), and a run still waiting for their outcome (a
 * wait, its timeout in the queue, an idempotency key). Also a cron run still in progress whose step
 * result quotes them among others, and another contact's waiting run, which must be left alone.
 */
async function seedExecutor(db: Db, c: { visitorId: string; draftId: string; sendId: string }) {
  const now = BigInt(Date.now());
  const event = async (name: string, data: unknown) => {
    const id = `ev-${name.replace(/\W/g, "")}-${Math.random().toString(36).slice(2, 10)}`;
    await db.execEvent.create({ data: { id, name, payload: JSON.stringify({ id, name, data, ts: Number(now) }), ts: now } });
    return id;
  };
  const run = (id: string, functionId: string, eventId: string, status: string, output?: unknown) =>
    db.execRun.create({ data: { id, functionId, eventId, status, stack: "[]", output: output === undefined ? null : JSON.stringify(output) } });
  await event("visitor/identified", { visitorId: c.visitorId, deliveryId: "d-1", repeat: false });
  const drafted = await event("draft/created", { draftId: c.draftId, visitorId: c.visitorId });
  await run("run-drafted-0000000001", "caio-swarm-decide-draft", drafted, "COMPLETED", { subject: `${FIRST}, a quick question` });
  await db.execStep.create({ data: { runId: "run-drafted-0000000001", stepId: "s1", name: "load contact", op: "StepRun", status: "COMPLETED", data: JSON.stringify({ to: EMAIL, firstName: FIRST, lastName: LAST }), seq: 1 } });
  await event("inngest/function.finished", { function_id: "caio-swarm-decide-draft", run_id: "run-drafted-0000000001", event: { name: "draft/created", data: { draftId: c.draftId } }, result: { subject: `For ${FIRST} ${LAST}` } });

  const sent = await event("send/sent", { sendId: c.sendId, draftId: c.draftId });
  await run("run-watching-000000001", "caio-swarm-track-send-outcome", sent, "RUNNING");
  await db.execStep.create({ data: { runId: "run-watching-000000001", stepId: "s1", name: "load send", op: "StepRun", status: "COMPLETED", data: JSON.stringify({ to: EMAIL, reply: REPLY }), seq: 1 } });
  await db.execStep.create({ data: { runId: "run-watching-000000001", stepId: "s2", name: "outcome", op: "WaitForEvent", status: "WAITING" } });
  await db.execWait.create({ data: { id: "wait-watching", runId: "run-watching-000000001", stepId: "s2", eventName: "ghl/outcome.recorded", expression: `async.data.sendId == '${c.sendId}'`, expiresAt: now + 3_600_000n } });
  await db.execQueueItem.create({ data: { id: "item-watching", runId: "run-watching-000000001", kind: "WAIT_TIMEOUT", stepId: "s2", availableAt: now + 3_600_000n, payload: JSON.stringify({ step: "outcome" }) } });
  await db.execIdempotency.create({ data: { key: JSON.stringify(["caio-swarm-track-send-outcome", c.sendId]), runId: "run-watching-000000001", expiresAt: now + 86_400_000n } });

  const tick = await event("inngest/scheduled.timer", { cron: "0 * * * *" });
  await run("run-cron-0000000000001", "caio-swarm-weekly-digest", tick, "RUNNING");
  await db.execStep.create({ data: { runId: "run-cron-0000000000001", stepId: "s1", name: "hot leads", op: "StepRun", status: "COMPLETED", data: JSON.stringify({ hot: [`${FIRST} ${LAST} <${EMAIL}>`, "Robin Other <robin@other.example>"] }), seq: 1 } });
  await db.execQueueItem.create({ data: { id: "item-cron", runId: "run-cron-0000000000001", kind: "CALL", stepId: "step", availableAt: now, payload: JSON.stringify({ step: `post digest naming ${FIRST} ${LAST}` }) } });

  const other = await event("draft/created", { draftId: "other-draft-0000000001", visitorId: "other-visitor-00000001" });
  await run("run-other-000000000001", "caio-swarm-decide-draft", other, "RUNNING");
  await db.execStep.create({ data: { runId: "run-other-000000000001", stepId: "s1", name: "load contact", op: "StepRun", status: "COMPLETED", data: JSON.stringify({ to: "robin@other.example" }), seq: 1 } });
  await db.execWait.create({ data: { id: "wait-other", runId: "run-other-000000000001", stepId: "s2", eventName: "draft/approved", expression: "async.data.draftId == event.data.draftId", expiresAt: now + 3_600_000n } });
  await db.execQueueItem.create({ data: { id: "item-other", runId: "run-other-000000000001", kind: "WAIT_TIMEOUT", stepId: "s2", availableAt: now + 3_600_000n } });
  return { sent, other, otherPayload: (await db.execEvent.findUniqueOrThrow({ where: { id: other } })).payload };
}

async function expectExecutorScrubbed(db: Db, ex: Awaited<ReturnType<typeof seedExecutor>>) {
  // The run still waiting for the contact's outcome is cancelled as the executor cancels a run: nothing of it stays queued.
  expect(await db.execRun.findUniqueOrThrow({ where: { id: "run-watching-000000001" }, select: { status: true, endedAt: true } })).toMatchObject({ status: "CANCELLED", endedAt: expect.any(Date) });
  expect(await db.execWait.count({ where: { runId: "run-watching-000000001" } })).toBe(0);
  expect(await db.execQueueItem.count({ where: { runId: "run-watching-000000001" } })).toBe(0);
  expect(await db.execStep.findMany({ where: { runId: { in: ["run-watching-000000001", "run-drafted-0000000001"] }, data: { not: null } }, select: { data: true } })).toEqual([{ data: '{"erased":true}' }, { data: '{"erased":true}' }]);
  expect(JSON.parse((await db.execEvent.findUniqueOrThrow({ where: { id: ex.sent } })).payload)).toMatchObject({ id: ex.sent, name: "send/sent", data: { erased: true } });
  // The cron run goes on: its result keeps its shape and everyone else, the person's strings are replaced.
  expect(await db.execRun.findUniqueOrThrow({ where: { id: "run-cron-0000000000001" }, select: { status: true } })).toEqual({ status: "RUNNING" });
  expect(await db.execQueueItem.count({ where: { runId: "run-cron-0000000000001" } })).toBe(1);
  const cronStep = JSON.parse((await db.execStep.findFirstOrThrow({ where: { runId: "run-cron-0000000000001" } })).data ?? "null") as { hot: string[] };
  expect(cronStep.hot).toEqual([`${REDACTED} <${REDACTED}>`, "Robin Other <robin@other.example>"]);
  // Another contact's run is untouched.
  expect(await db.execRun.findUniqueOrThrow({ where: { id: "run-other-000000000001" }, select: { status: true } })).toEqual({ status: "RUNNING" });
  expect(await db.execWait.count({ where: { runId: "run-other-000000000001" } })).toBe(1);
  expect(await db.execQueueItem.count({ where: { runId: "run-other-000000000001" } })).toBe(1);
  expect((await db.execEvent.findUniqueOrThrow({ where: { id: ex.other } })).payload).toBe(ex.otherPayload);
}

