import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ulid } from "@/server/db/ulid";
import { set } from "@/server/features/settings/settings.service";
import { startPipelineHarness, type PipelineHarness } from "@/server/testing/pipeline-harness";
import { ensureTemplate, openWindow, seedDrafts } from "@/server/testing/send-fixtures";

// Send -> 72 h outcome watch end to end on the local executor: the real decide-draft (auto-send in
// the sandbox), the send/sent event, track-send-outcome waiting with step.waitForEvent, and the real
// GHL webhook route emitting ghl/outcome.recorded. Date is faked (still running in real time) so
// the test can move the shared clock of app and executor past the 72 h deadline.
let h: PipelineHarness;
const SECRET = "e2e-ghl-webhook-secret";
const GAP_MS = 31_000;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true, advanceTimeDelta: 5 });
  h = await startPipelineHarness({
    env: { GHL_WEBHOOK_SECRET: SECRET },
    routes: { "POST /api/webhooks/ghl": async () => (await import("@/app/api/webhooks/ghl/route")).POST },
  });
  await openWindow(h.db);
  await set(h.db, "phase", "assisted", null);
}, 60_000);
afterAll(async () => {
  await h?.stop();
  vi.useRealTimers();
});

const advanceClock = (ms: number) => vi.setSystemTime(Date.now() + ms);

let seq = 0;
/** A LOW lead auto-sent through the sandbox; returns its send and a follow-up draft to the same contact. */
async function sentLead(opts: { waitForWait?: boolean } = {}) {
  advanceClock(GAP_MS);
  seq++;
  const [draftId] = await seedDrafts(h.db, [{ email: `watch${seq}@watch${seq}.test`, score: 20, tier: "LOW", status: "DRAFTED" }], `watch${seq}`);
  const d = await h.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitorId: true } });
  await h.sendEvent({ name: "draft/created", data: { draftId, visitorId: d.visitorId }, id: `created-${draftId}` });
  const send = await h.waitFor((db) => db.send.findFirst({ where: { draftId, status: "SENT" } }), { what: "the auto-send" });
  const watch = await h.waitFor((db) => db.outcomeWatch.findUnique({ where: { sendId: send.id } }), { what: "the outcome watch opened" });
  // Events are matched only by waits already registered (as on Inngest): reply once the run waits.
  if (opts.waitForWait !== false) await waiting(send.id, 0);
  const { templateVersionId, subjectVariantId } = await ensureTemplate(h.db);
  const followUp = await h.db.draft.create({
    data: { visitorId: d.visitorId, templateVersionId, subjectVariantId, subject: "Following up", body: "Just checking in.", score: 20, tier: "LOW", fingerprint: `fu-${ulid()}`, status: "PENDING_REVIEW" },
    select: { id: true },
  });
  return { draftId, send, watch, followUpId: followUp.id };
}

async function postReply(send: { providerContactId: string | null; providerMessageId: string | null }, body: string, headers?: Record<string, string>) {
  const res = await h.request("/api/webhooks/ghl", {
    method: "POST", headers: { "content-type": "application/json", "x-ghl-webhook-secret": SECRET },
    body: JSON.stringify({
      type: "InboundMessage", messageId: `in_${ulid()}`, contactId: send.providerContactId, replyToMessageId: send.providerMessageId,
      messageType: "Email", direction: "inbound", subject: "Re: Quick question", body, dateAdded: new Date().toISOString(), ...(headers ? { headers } : {}),
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { outcomeId: string; classification: string };
}

const watchRuns = async (sendId: string) => {
  const runs = await h.db.execRun.findMany({ where: { functionId: "caio-swarm-track-send-outcome" }, select: { id: true, status: true, output: true, eventId: true } });
  const events = new Map((await h.db.execEvent.findMany({ where: { id: { in: runs.map((r) => r.eventId) } }, select: { id: true, payload: true } })).map((e) => [e.id, e.payload]));
  return runs.filter((r) => (JSON.parse(events.get(r.eventId) ?? "{}") as { data?: { sendId?: string } }).data?.sendId === sendId);
};
const waiting = (sendId: string, n: number) =>
  h.waitFor(async (db) => {
    const runs = await watchRuns(sendId);
    return db.execStep.findFirst({ where: { runId: runs[0]?.id ?? "-", name: `wait-outcome-${n}`, status: "WAITING" } });
  }, { what: `wait ${n} of the watch of ${sendId}` });
const finishedWatch = (sendId: string) =>
  h.waitFor(async () => {
    const runs = await watchRuns(sendId);
    return runs.length === 1 && runs[0]!.status === "COMPLETED" ? runs[0] : undefined;
  }, { what: `the finished watch of ${sendId}`, timeoutMs: 30_000 });

describe("each send waits up to 72 h for its outcome", () => {
  it("a positive reply through the GHL webhook ends the wait: watch RESOLVED, follow-up stopped, one run", async () => {
    const { send, watch, followUpId } = await sentLead();
    expect(watch).toMatchObject({ status: "WAITING" });
    expect(watch.deadline.getTime() - send.sentAt!.getTime()).toBe(72 * 3_600_000);
    const r = await postReply(send, "Sounds great, let's talk next week.");
    expect(r.classification).toBe("POSITIVE");
    const run = await finishedWatch(send.id);
    expect(JSON.parse(run.output ?? "null")).toEqual({ state: "RESOLVED", result: "REPLY:POSITIVE" });
    expect(await h.db.outcomeWatch.findUniqueOrThrow({ where: { sendId: send.id } })).toMatchObject({ status: "RESOLVED", outcomeId: r.outcomeId, result: "REPLY:POSITIVE" });
    expect(await h.db.draft.findUniqueOrThrow({ where: { id: followUpId } })).toMatchObject({ status: "DROPPED" });
    expect(await h.db.outcome.count({ where: { sendId: send.id, type: "NO_REPLY" } })).toBe(0);
  });

  it("an out-of-office reply keeps it waiting; after 72 h with nothing else NO_REPLY is recorded once", async () => {
    const { send, followUpId } = await sentLead();
    const ooo = await postReply(send, "I am out of the office until Monday with limited access to email.", { "Auto-Submitted": "auto-replied" });
    expect(ooo.classification).toBe("OUT_OF_OFFICE");
    // The OOO event was consumed by the wait and the run went back to waiting (a second wait step).
    await waiting(send.id, 1);
    expect(await h.db.outcomeWatch.findUniqueOrThrow({ where: { sendId: send.id } })).toMatchObject({ status: "WAITING" });
    expect(await h.db.draft.findUniqueOrThrow({ where: { id: followUpId } })).toMatchObject({ status: "PENDING_REVIEW" });

    advanceClock(72 * 3_600_000 + 60_000);
    const run = await finishedWatch(send.id);
    expect(JSON.parse(run.output ?? "null")).toEqual({ state: "NO_OUTCOME", result: "NO_REPLY" });
    const none = await h.db.outcome.findMany({ where: { sendId: send.id, type: "NO_REPLY" } });
    expect(none).toHaveLength(1);
    expect(JSON.parse(none[0]!.payload)).toEqual({ reason: "no outcome in 72 h" });
    expect(await h.db.auditLog.count({ where: { action: "outcome.watch.closed", subjectId: send.id } })).toBe(1);
  });

  it("a lost outcome event does not become NO_REPLY: at the deadline the stored outcome closes the watch", async () => {
    const { send } = await sentLead();
    // A bounce stored without its event (as if inngest.send had failed after the commit).
    const outcomeId = ulid();
    await h.db.outcome.create({ data: { id: outcomeId, sendId: send.id, type: "BOUNCE", providerEventId: `lost-${outcomeId}`, occurredAt: new Date(), payload: "{}" } });
    advanceClock(72 * 3_600_000 + 60_000);
    const run = await finishedWatch(send.id);
    expect(JSON.parse(run.output ?? "null")).toEqual({ state: "RESOLVED", result: "BOUNCE" });
    expect(await h.db.outcome.count({ where: { sendId: send.id, type: "NO_REPLY" } })).toBe(0);
  });

  it("an outcome whose event raced ahead of the wait is picked up at the next 12 h look, not at the deadline", async () => {
    const { send } = await sentLead({ waitForWait: false });
    const r = await postReply(send, "Not interested, thanks.");
    expect(r.classification).toBe("NEGATIVE");
    // Whether or not the wait already existed when the event came, 12 h later the watch is closed.
    // (Move the clock only once the run has either finished or registered its wait.)
    await h.waitFor(async (db) => {
      const [run] = await watchRuns(send.id);
      if (run?.status === "COMPLETED") return true;
      return db.execStep.findFirst({ where: { runId: run?.id ?? "-", name: "wait-outcome-0", status: "WAITING" } });
    }, { what: "the watch finished or waiting" });
    advanceClock(12 * 3_600_000 + 60_000);
    const run = await finishedWatch(send.id);
    expect(JSON.parse(run.output ?? "null")).toEqual({ state: "RESOLVED", result: "REPLY:NEGATIVE" });
    expect(await h.db.outcome.count({ where: { sendId: send.id, type: "NO_REPLY" } })).toBe(0);
  });
});

describe("a booked meeting produces a call-prep brief (PREPPER)", () => {
  it("AppointmentCreate through the webhook -> prepare-call -> brief stored in dry run, nothing written; the watch closes on MEETING", async () => {
    const { send, draftId } = await sentLead();
    await postReply(send, "Yes, let's find a time.");
    const res = await h.request("/api/webhooks/ghl", {
      method: "POST", headers: { "content-type": "application/json", "x-ghl-webhook-secret": SECRET },
      body: JSON.stringify({ type: "AppointmentCreate", appointment: { id: `appt_${ulid()}`, contactId: send.providerContactId, startTime: "2026-12-01T15:00:00Z", dateAdded: new Date().toISOString() } }),
    });
    expect(res.status).toBe(200);
    const { outcomeId } = (await res.json()) as { outcomeId: string };
    const [run] = await h.finishedRuns("prepare-call");
    expect(run!.status).toBe("COMPLETED");
    const prep = await h.db.callPrep.findUniqueOrThrow({ where: { outcomeId } });
    expect(prep).toMatchObject({ status: "PREPARED", dryRun: true, draftId, writeMode: null });
    const brief = JSON.parse(prep.brief) as { thread: { direction: string; text: string }[]; talkingPoints: string[] };
    expect(brief.thread.map((m) => m.direction)).toEqual(["OUT", "IN"]);
    expect(brief.talkingPoints[0]).toContain("Yes, let's find a time.");
    expect(await h.db.sandboxCrmWrite.count()).toBe(0);
    // Only MEETING outcomes start a prep (the reply before it did not).
    expect(await h.db.execRun.count({ where: { functionId: "caio-swarm-prepare-call" } })).toBe(1);
  });
});

