import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createSandboxSlack } from "@/server/integrations/slack/slack.sandbox";
import { createSlackClient } from "@/server/integrations/slack/slack.client";
import { fakeClock, fakeSlack } from "@/server/testing/fake-slack";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { deliverDue, listAlerts, MAX_ATTEMPTS, raiseAlert, type RaiseAlertInput } from "./alerts.service";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());
beforeEach(async () => {
  await t.db.alert.deleteMany();
  await t.db.alertPacer.deleteMany();
});

const alert = (key: string, extra: Partial<RaiseAlertInput> = {}): RaiseAlertInput => ({
  kind: "TEST", severity: "INFO", title: `Alert ${key}`, text: `text ${key}`, link: "/alerts", dedupeKey: key, ...extra,
});

describe("raiseAlert", () => {
  it("sandbox: stored as SANDBOX at once, once per dedupe key, nothing to deliver", async () => {
    const slack = createSandboxSlack();
    const a = await raiseAlert(t.db, alert("s1"), { slack });
    const b = await raiseAlert(t.db, alert("s1"), { slack });
    expect(a).toMatchObject({ created: true, mode: "sandbox" });
    expect(b).toMatchObject({ created: false });
    const listed = await listAlerts(t.db, { limit: 10 });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ status: "SANDBOX", title: "Alert s1" });
    expect(listed.items[0].deliveredAt).not.toBeNull();
  });

  it("live: QUEUED and the deliverer is woken", async () => {
    let woken = 0;
    const slack = createSlackClient({ webhookUrl: "http://127.0.0.1:9/unused" });
    const r = await raiseAlert(t.db, alert("l1"), { slack, emit: async () => { woken++; } });
    expect(r).toMatchObject({ created: true, mode: "live" });
    expect(woken).toBe(1);
    expect((await t.db.alert.findUniqueOrThrow({ where: { dedupeKey: "l1" } })).status).toBe("QUEUED");
  });
});

describe("deliverDue against a fake Slack webhook (fake clock)", () => {
  async function queue(clock: ReturnType<typeof fakeClock>, keys: string[]) {
    const live = createSlackClient({ webhookUrl: "http://127.0.0.1:9/unused" });
    for (const k of keys) {
      await raiseAlert(t.db, alert(k), { slack: live, now: clock.now() });
      clock.advance(1); // distinct creation times keep the order well defined
    }
  }

  it("posts in order, at least the minimum interval apart, and honours 429 Retry-After without losing the alert's place", async () => {
    const clock = fakeClock();
    const slack = await fakeSlack({ clock: clock.ms, script: { 1: { status: 429, retryAfter: "3" } } });
    try {
      await queue(clock, ["a", "b", "c"]);
      const r = await deliverDue(t.db, { slack: createSlackClient({ webhookUrl: slack.url, now: clock.now }), clock, baseUrl: "https://app.test", minIntervalMs: 1_000, maxInlineWaitMs: 10_000 });
      expect(r).toMatchObject({ sent: 3, failed: 0, retried: 1, waitUntil: null });
      expect(slack.posts.map((p) => [p.text.split(":")[0], p.status])).toEqual([["Alert a", 200], ["Alert b", 429], ["Alert b", 200], ["Alert c", 200]]);
      const at = slack.posts.map((p) => p.at);
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(1_000);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(3_000); // Retry-After: 3 seconds
      expect(at[3] - at[2]).toBeGreaterThanOrEqual(1_000);
      const rows = await t.db.alert.findMany({ orderBy: { createdAt: "asc" }, select: { status: true, attempts: true } });
      expect(rows.map((x) => x.status)).toEqual(["SENT", "SENT", "SENT"]);
      // Block Kit with a link into the dashboard
      const actions = slack.posts[0].blocks.find((b) => b.type === "actions") as { elements: { url: string }[] };
      expect(actions.elements[0].url).toBe("https://app.test/alerts");
    } finally {
      await slack.close();
    }
  });

  it("a long Retry-After is returned as waitUntil (the workflow sleeps durably) and nothing is posted early", async () => {
    const clock = fakeClock();
    const slack = await fakeSlack({ clock: clock.ms, script: { 0: { status: 429, retryAfter: "120" } } });
    try {
      await queue(clock, ["x", "y"]);
      const deps = { slack: createSlackClient({ webhookUrl: slack.url, now: clock.now }), clock, baseUrl: "https://app.test", minIntervalMs: 1_000, maxInlineWaitMs: 2_000 };
      const first = await deliverDue(t.db, deps);
      expect(first.sent).toBe(0);
      expect(Date.parse(first.waitUntil!) - clock.ms()).toBe(120_000);
      clock.advance(60_000);
      expect((await deliverDue(t.db, deps)).sent).toBe(0);
      expect(slack.posts).toHaveLength(1);
      clock.advance(60_000);
      const later = await deliverDue(t.db, deps);
      expect(later.sent).toBe(2);
      expect(slack.posts.map((p) => p.text.split(":")[0])).toEqual(["Alert x", "Alert x", "Alert y"]);
      expect(slack.posts[1].at - slack.posts[0].at).toBeGreaterThanOrEqual(120_000);
    } finally {
      await slack.close();
    }
  });

  it("a 5xx is retried with backoff; a 4xx (revoked webhook) fails for good; attempts are bounded", async () => {
    const clock = fakeClock();
    const slack = await fakeSlack({ clock: clock.ms, script: { 0: { status: 500 }, 2: { status: 404 } } });
    try {
      await queue(clock, ["p", "q"]);
      const deps = { slack: createSlackClient({ webhookUrl: slack.url, now: clock.now }), clock, baseUrl: "https://app.test", minIntervalMs: 1_000, maxInlineWaitMs: 2_000 };
      const r = await deliverDue(t.db, deps); // p: 500 (retry later), q: 200
      expect(r).toMatchObject({ sent: 1, retried: 1 });
      clock.advance(30_000);
      const r2 = await deliverDue(t.db, deps); // p: 404 -> failed
      expect(r2).toMatchObject({ sent: 0, failed: 1 });
      const p = await t.db.alert.findUniqueOrThrow({ where: { dedupeKey: "p" } });
      expect(p).toMatchObject({ status: "FAILED", attempts: 2 });
      expect(p.attempts).toBeLessThan(MAX_ATTEMPTS);
    } finally {
      await slack.close();
    }
  });
});

describe("breaker alerts", () => {
  it("a breaker opening from CLOSED alerts once; re-opening after a failed half-open trial does not alert again", async () => {
    const { acquire, recordFailure } = await import("@/server/features/breakers/breakers.service");
    const t0 = new Date("2026-11-24T10:00:00Z");
    for (let i = 0; i < 5; i++) await recordFailure(t.db, "ghl", new Date(t0.getTime() + i * 1000), "HTTP 503");
    const after = new Date(t0.getTime() + 6 * 60_000); // past the 5 min open period
    expect((await acquire(t.db, "ghl", after)).allowed).toBe(true); // the half-open trial
    await recordFailure(t.db, "ghl", after, "HTTP 503"); // trial fails: open again
    const alerts = await t.db.alert.findMany({ where: { kind: "BREAKER_OPEN" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: "CRITICAL", subjectId: "ghl", title: "GHL circuit breaker opened" });
  });
});
