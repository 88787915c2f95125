import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "./root";
import { killSwitches } from "@/server/features/settings/settings.service";
import { createSandboxSlack } from "@/server/integrations/slack/slack.sandbox";
import { fakeClock } from "@/server/testing/fake-slack";
import { claimSend } from "@/server/features/sending/claim";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import type { Actor } from "@/server/domain/roles";
import { runMonitors } from "@/server/features/monitors/monitors.service";

/**
 * Monitor behaviour with a fake clock (issue #7 "Done when"): a reply-rate collapse pauses sending
 * and alerts ONCE however many ticks see it; only an approver resumes; after the resume the monitor
 * judges only new data, and a fresh collapse is a fresh incident with its own alert. Sends are
 * judged once they are 4 h old (MONITOR_THRESHOLDS.replyRateGraceMs), by whether they were answered.
 */
let t: TestDb;
let viewer: Actor;
let approver: Actor;
const slack = createSandboxSlack();
const H = 3_600_000;

beforeAll(async () => {
  t = await createTestDb();
  viewer = await createUser(t.db, "VIEWER");
  approver = await createUser(t.db, "APPROVER");
});
afterAll(() => t.cleanup());

/** `n` sent e-mails at `at`, `replies` of them answered by a human one hour later, with opens so domain health stays fine. */
async function sends(n: number, replies: number, at: Date, prefix: string) {
  const ids = await seedDrafts(t.db, Array.from({ length: n }, (_, i) => ({ email: `p${i}@${prefix}.test`, status: "SENT" })), prefix);
  for (const [i, draftId] of ids.entries()) {
    const send = await t.db.send.create({ data: { draftId, status: "SENT", mode: "SANDBOX", recipientDomain: `${prefix}.test`, recipientHash: `${prefix}-${i}`, claimedAt: at, sentAt: at }, select: { id: true } });
    await t.db.outcome.create({ data: { sendId: send.id, type: "OPENED", providerEventId: `open-${prefix}-${i}`, occurredAt: at } });
    if (i < replies) await t.db.outcome.create({ data: { sendId: send.id, type: "REPLY", classification: "NEUTRAL", providerEventId: `reply-${prefix}-${i}`, occurredAt: new Date(at.getTime() + H) } });
  }
}

const replyRateAlerts = () => t.db.alert.findMany({ where: { kind: "AUTO_PAUSE" }, select: { id: true, subjectId: true } });

describe("reply-rate monitor", () => {
  const clock = fakeClock(Date.parse("2026-11-23T12:00:00Z"));

  it("healthy replies: nothing happens", async () => {
    await sends(30, 6, new Date(clock.ms() - 6 * H), "good");
    const ticks = await runMonitors(t.db, { slack, now: clock.now() });
    expect(ticks.find((x) => x.monitor === "reply-rate")).toMatchObject({ action: "NONE", verdict: { trip: false, value: 0.2 } });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(false);
  });

  it("a collapse pauses sending and alerts once, however many ticks see it", async () => {
    clock.advance(24 * H); // the good day leaves the 24 h window
    await sends(40, 0, new Date(clock.ms() - 5 * H), "bad");
    for (let tick = 0; tick < 4; tick++) {
      await runMonitors(t.db, { slack, now: clock.now() });
      clock.advance(15 * 60_000);
    }
    const sw = (await killSwitches(t.db)).PAUSE_ALL_SENDS;
    expect(sw).toMatchObject({ on: true, by: "monitor:reply-rate" });
    const open = await t.db.monitorIncident.findMany({ where: { monitor: "reply-rate", status: "OPEN" } });
    expect(open).toHaveLength(1);
    const alerts = await replyRateAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].subjectId).toBe(open[0].id);
    expect(await t.db.auditLog.count({ where: { action: "monitor.tripped" } })).toBe(1);
  });

  it("time passing does not resume: only an approver does (a viewer is refused)", async () => {
    clock.advance(3 * 24 * H); // the bad sends leave the window; the pause stays
    await runMonitors(t.db, { slack, now: clock.now() });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(true);
    const [incident] = await t.db.monitorIncident.findMany({ where: { status: "OPEN" } });
    const asViewer = createCaller({ db: t.db, user: viewer, requestId: "v" });
    await expect(asViewer.alerts.resolveIncident({ incidentId: incident.id })).rejects.toSatisfy((e) => e instanceof TRPCError && e.code === "FORBIDDEN");
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(true);

    const asApprover = createCaller({ db: t.db, user: approver, requestId: "a" });
    await asApprover.alerts.resolveIncident({ incidentId: incident.id });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS).toMatchObject({ on: false, by: approver.name });
    expect(await t.db.auditLog.count({ where: { action: "monitor.resolve", actorId: approver.id } })).toBe(1);
    await expect(asApprover.alerts.resolveIncident({ incidentId: incident.id })).rejects.toThrow(/already resolved/);
  });

  it("after the resume only new data counts; a new collapse is a new incident with its own single alert", async () => {
    // Old bad sends sit before the resume: still inside a 24 h window, but not judged again.
    await runMonitors(t.db, { slack, now: clock.now() });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(false);
    clock.advance(H);
    await sends(25, 0, new Date(clock.ms() - 10 * 60_000), "bad2");
    // Ten minutes old, none answered yet: they have not had their chance (a campaign's first
    // morning, or the first sends after a resume), so they are not judged.
    const early = await runMonitors(t.db, { slack, now: clock.now() });
    expect(early.find((x) => x.monitor === "reply-rate")).toMatchObject({ action: "NONE", verdict: { trip: false, value: null } });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(false);
    clock.advance(3 * H + 49 * 60_000); // 3 h 59 min old: still in the grace period
    await runMonitors(t.db, { slack, now: clock.now() });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(false);
    clock.advance(2 * 60_000); // 4 h 1 min: judged, and still unanswered
    await runMonitors(t.db, { slack, now: clock.now() });
    await runMonitors(t.db, { slack, now: clock.now() });
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(true);
    expect(await replyRateAlerts()).toHaveLength(2);
    expect(await t.db.monitorIncident.count({ where: { monitor: "reply-rate" } })).toBe(2);
  });

  it("an approver lifting the kill switch in Settings closes the incident as theirs (the monitor watches again)", async () => {
    const asApprover = createCaller({ db: t.db, user: approver, requestId: "a" });
    clock.advance(60_000);
    await asApprover.settings.setKillSwitch({ name: "PAUSE_ALL_SENDS", on: false });
    clock.advance(60_000);
    await runMonitors(t.db, { slack, now: clock.now() });
    const open = await t.db.monitorIncident.count({ where: { status: "OPEN", monitor: "reply-rate" } });
    expect(open).toBe(0);
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS.on).toBe(false);
  });
});

describe("sending-domain monitor", () => {
  it("a spam complaint pauses the sending domain (the claim refuses it) until an approver resumes it", async () => {
    const now = new Date("2026-12-10T12:00:00Z");
    const [draftId] = await seedDrafts(t.db, [{ email: "x@complain.test", status: "SENT" }], "cmp");
    const send = await t.db.send.create({ data: { draftId, status: "SENT", mode: "SANDBOX", recipientDomain: "complain.test", recipientHash: "cmp", claimedAt: now, sentAt: new Date(now.getTime() - H) } });
    await t.db.outcome.create({ data: { sendId: send.id, type: "COMPLAINT", providerEventId: "cmp-1", occurredAt: new Date(now.getTime() - 30 * 60_000) } });
    await runMonitors(t.db, { slack, now });
    await runMonitors(t.db, { slack, now });
    const overview = await createCaller({ db: t.db, user: viewer, requestId: "v" }).alerts.incidents();
    expect(overview.pausedDomains.map((d) => d.domain)).toEqual([overview.sendingDomain]);
    expect(await t.db.alert.count({ where: { kind: "DOMAIN_PAUSE" } })).toBe(1);
    await openWindow(t.db);
    const [approved] = await seedDrafts(t.db, [{ email: "y@fine.test" }], "cmp-ok");
    const claim = () => claimSend(t.db, { draftId: approved, email: "y@fine.test", providerMode: "SANDBOX", now: new Date() });
    expect(await claim()).toMatchObject({ kind: "BLOCKED", check: "sendingDomain", permanent: false });
    const incident = overview.incidents.find((i) => i.monitor === "sending-domain" && i.status === "OPEN")!;
    await createCaller({ db: t.db, user: approver, requestId: "a" }).alerts.resolveIncident({ incidentId: incident.id });
    expect((await createCaller({ db: t.db, user: viewer, requestId: "v" }).alerts.incidents()).pausedDomains).toEqual([]);
    expect(await claim()).toMatchObject({ kind: "CLAIMED" });
  });

  it("each sending domain answers for its own sends: a complaint on the domain used before pauses that one, not the one configured now", async () => {
    const now = new Date("2026-12-12T12:00:00Z");
    const [draftId] = await seedDrafts(t.db, [{ email: "z@complain2.test", status: "SENT" }], "old");
    const send = await t.db.send.create({
      data: { draftId, status: "SENT", mode: "SANDBOX", recipientDomain: "complain2.test", recipientHash: "old", senderDomain: "old-brand.example", claimedAt: now, sentAt: new Date(now.getTime() - 2 * H) },
    });
    await t.db.outcome.create({ data: { sendId: send.id, type: "COMPLAINT", providerEventId: "old-1", occurredAt: new Date(now.getTime() - H) } });
    const ticks = (await runMonitors(t.db, { slack, now })).filter((x) => x.monitor === "sending-domain");
    const overview = await createCaller({ db: t.db, user: viewer, requestId: "v" }).alerts.incidents();
    const current = overview.sendingDomain;
    expect(ticks.map((x) => [x.scope, x.action])).toEqual([[current, "NONE"], ["old-brand.example", "OPEN_INCIDENT"]]);
    expect(overview.pausedDomains.map((d) => d.domain)).toEqual(["old-brand.example"]);
    // The domain configured now still sends, and the claim records it on the send.
    await openWindow(t.db);
    const [fresh] = await seedDrafts(t.db, [{ email: "w@fine2.test" }], "new-ok");
    // An hour after the test before's claim, so the gap between sends is no reason to refuse.
    expect(await claimSend(t.db, { draftId: fresh, email: "w@fine2.test", providerMode: "SANDBOX", now: new Date(Date.now() + H) })).toMatchObject({ kind: "CLAIMED" });
    expect(await t.db.send.findUnique({ where: { draftId: fresh }, select: { senderDomain: true } })).toEqual({ senderDomain: current });
  });
});
