import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HARD_LIMITS } from "@/server/domain/phases";
import { dayKey, hourKey, monthKey } from "@/server/domain/send-limits";
import { verify } from "@/server/features/audit/audit.service";
import { set, setKillSwitch } from "@/server/features/settings/settings.service";
import { emailHash, suppress } from "@/server/features/suppression/suppression.service";
import { startFakeGhl, type FakeGhl } from "@/server/testing/fake-ghl";
import { runWorker } from "@/server/testing/processes";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";

/**
 * The send path at scale, with real concurrency on a real database file (4 OS processes x 25 async
 * senders = 100 concurrent), against a fake GHL on loopback:
 *  1. >= 10,000 send attempts whose clocks make EVERY limit bind (monthly — the month's counter
 *     starts 40 below the cap —, phase daily, hourly, per-domain hourly, 30 s between sends, the
 *     sending window): 0 over any limit, 0 messages (or even claims) to a suppressed address,
 *     0 drafts delivered twice; each limit is shown to have refused something.
 *  2. Kill-switch race: senders keep claiming while an approver turns PAUSE_ALL_SENDS on; no claim
 *     commits after the switch's commit (ordered by the audit chain, which both write in their
 *     own transaction), and sends before it did happen.
 */
const PROCESSES = 4;
const PER_PROCESS = 25;
const WINDOW = { timeZone: "UTC", startHour: 7, endHour: 21, days: [1, 2, 3, 4, 5] };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "caio-limits-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function runSenders(name: string, jobsFor: { draftId: string; at: number }[][], env: Record<string, string>) {
  return Promise.all(jobsFor.map((jobs, p) => {
    const file = path.join(dir, `${name}-${p}.json`);
    writeFileSync(file, JSON.stringify(jobs));
    return runWorker("server/testing/workers/send-attempts.ts", [file, String(PER_PROCESS)], env, 600_000).then((o) => JSON.parse(o) as Record<string, number>);
  }));
}

describe("send path at scale", () => {
  let t: TestDb;
  let ghl: FakeGhl;
  beforeAll(async () => {
    t = await createTestDb();
    ghl = await startFakeGhl();
  }, 60_000);
  afterAll(async () => {
    await ghl?.close();
    await t?.cleanup();
  });

  it(">= 10,000 concurrent send attempts across every limit: 0 over a limit, 0 to a suppressed address, 0 twice", async () => {
    const rand = rng(20261124);
    await set(t.db, "phase", "full", null);
    await set(t.db, "sendingWindow", WINDOW, null);
    await set(t.db, "excludedDomains", ["excluded.test"], null);
    // Month A (Wed 25 - Fri 27 Nov 2026) starts 40 sends below the monthly cap, so the monthly limit binds;
    // month B (Tue 1 Dec, 83 drafts an hour) is dense enough for the daily, hourly, domain and gap limits to bind.
    const monthA = Date.parse("2026-11-25T00:00:00Z");
    const monthB = Date.parse("2026-12-01T00:00:00Z");
    const preUsed = HARD_LIMITS.monthly - 40;
    await t.db.limitCounter.create({ data: { key: `send:month:${monthKey(new Date(monthA))}`, count: preUsed, windowStart: new Date("2026-11-01T00:00:00Z") } });

    const DRAFTS = 2_600; // x 4 processes = 10,400 attempts
    // Runs of 8 consecutive drafts share a domain, so the per-domain hourly limit (5) binds.
    const emails = Array.from({ length: DRAFTS }, (_, i) => (i % 23 === 0 ? `p${i}@excluded.test` : `p${i}@d${Math.floor(i / 8) % 30}.test`));
    const suppressed = new Set(emails.filter((_, i) => i % 9 === 4));
    for (const e of suppressed) await suppress(t.db, e, "unsubscribe", "test");
    const ids = await seedDrafts(t.db, emails.map((email) => ({ email })), "scale");
    const base = (i: number) => (i < 600 ? monthA + (i / 600) * 3 * 86_400_000 : monthB + ((i - 600) / 2_000) * 86_400_000);
    // Every process walks forward in time with its own jitter of +-1 min (the 30 s gap is one "last
    // send" row: a clock behind the latest claim is refused, as a real clock never is).
    const jobsFor = Array.from({ length: PROCESSES }, () => ids.map((draftId, i) => ({ draftId, at: Math.round(base(i) + (rand() - 0.5) * 2 * 60_000) })));
    ghl.setPlan(() => {
      const x = rand();
      return x < 0.01 ? "429" : x < 0.02 ? "500" : "ok";
    });

    const counts = await runSenders("scale", jobsFor, { DATABASE_URL: t.url, FAKE_GHL_URL: ghl.url, FAKE_GHL_TOKEN: ghl.token, LOG_LEVEL: "silent", GHL_TIMEOUT_MS: "2000" });
    const total: Record<string, number> = {};
    for (const c of counts) for (const [k, v] of Object.entries(c)) total[k] = (total[k] ?? 0) + v;
    const attempts = Object.values(total).reduce((a, b) => a + b, 0);
    expect(attempts).toBeGreaterThanOrEqual(10_000);

    // 0 twice; 0 to a suppressed or excluded address (not even a claim).
    expect([...ghl.processed].filter(([, n]) => n > 1)).toEqual([]);
    expect([...ghl.attempts].filter(([, n]) => n > 1)).toEqual([]);
    for (const e of suppressed) expect(ghl.attempts.get(ghl.contactIdFor(e)), e).toBeUndefined();
    const sends = await t.db.send.findMany({ select: { status: true, claimedAt: true, recipientDomain: true, recipientHash: true } });
    const suppressedHashes = new Set([...suppressed].map((e) => emailHash(e)));
    expect(sends.filter((s) => suppressedHashes.has(s.recipientHash) || s.recipientDomain === "excluded.test")).toEqual([]);

    // 0 over any limit, counted from the rows of every send that may have gone out.
    const out = sends.filter((s) => ["SENT", "SHADOW", "NEEDS_REVIEW"].includes(s.status)).map((s) => s.claimedAt);
    const tally = (key: (d: Date, i: number) => string) => out.reduce((m, d, i) => m.set(key(d, i), (m.get(key(d, i)) ?? 0) + 1), new Map<string, number>());
    const over: string[] = [];
    const check = (label: string, m: Map<string, number>, limit: (k: string) => number) => {
      for (const [k, n] of m) if (n > limit(k)) over.push(`${label} ${k}: ${n}`);
    };
    check("month", tally((d) => monthKey(d)), (k) => (k === monthKey(new Date(monthA)) ? HARD_LIMITS.monthly - preUsed : HARD_LIMITS.monthly));
    check("day", tally((d) => dayKey(d)), () => Math.min(HARD_LIMITS.daily, 100));
    check("hour", tally((d) => hourKey(d)), () => HARD_LIMITS.hourly);
    const domains = sends.filter((s) => ["SENT", "SHADOW", "NEEDS_REVIEW"].includes(s.status)).map((s) => s.recipientDomain);
    check("domain-hour", tally((d, i) => `${domains[i]}|${hourKey(d)}`), () => HARD_LIMITS.perDomainHourly);
    const times = out.map((d) => d.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] < HARD_LIMITS.minSecondsBetweenSends * 1000) over.push(`gap at ${new Date(times[i]).toISOString()}`);
    for (const d of out) if (d.getUTCDay() < 1 || d.getUTCDay() > 5 || d.getUTCHours() < 7 || d.getUTCHours() >= 21) over.push(`window ${d.toISOString()}`);
    expect(over).toEqual([]);

    // Not vacuous: sends went out up to the caps (40 left in month A + 100 on the one day of month B),
    // and every limit refused something.
    expect(out.length).toBeGreaterThan(100);
    const denials = await t.db.auditLog.findMany({ where: { action: "send.claim", decision: "DENY" }, select: { reason: true } });
    const refused = (re: RegExp) => denials.filter((d) => re.test(d.reason ?? "")).length;
    const bound = { monthly: refused(/^monthly/), daily: refused(/daily send limit/), hourly: refused(/^hourly/), domain: refused(/^per-domain hourly/), gap: refused(/between sends/), window: refused(/sending window/), suppressed: refused(/suppression/) };
    console.log(`limits suite: ${attempts} attempts by ${PROCESSES * PER_PROCESS} concurrent senders, ${out.length} sent; refusals ${JSON.stringify(bound)}`);
    for (const [name, n] of Object.entries(bound)) expect(n, `${name} never refused a claim: ${JSON.stringify(bound)}`).toBeGreaterThan(0);
    expect(await verify(t.db)).toMatchObject({ ok: true });
  }, 900_000);
});

describe("kill-switch race", () => {
  it("no claim commits after PAUSE_ALL_SENDS is committed, while senders are running", async () => {
    const t = await createTestDb();
    const ghl = await startFakeGhl();
    try {
      await openWindow(t.db);
      await set(t.db, "phase", "full", null);
      const approver = await createUser(t.db, "APPROVER");
      const DRAFTS = 1_200;
      const ids = await seedDrafts(t.db, Array.from({ length: DRAFTS }, (_, i) => ({ email: `k${i}@k${i % 40}.test` })), "race");
      // 15 min apart: inside every limit, so everything before the switch is claimed.
      const start = Date.parse("2026-12-07T00:00:00Z");
      const jobsFor = Array.from({ length: 3 }, (_, p) => ids.filter((_, i) => i % 3 === p).map((draftId) => ({ draftId, at: start + ids.indexOf(draftId) * 15 * 60_000 })));
      const running = runSenders("race", jobsFor, { DATABASE_URL: t.url, FAKE_GHL_URL: ghl.url, FAKE_GHL_TOKEN: ghl.token, LOG_LEVEL: "silent" });
      // Flip the switch mid-stream, once sends are flowing.
      for (let i = 0; i < 6_000 && (await t.db.send.count()) < 60; i++) await new Promise((r) => setTimeout(r, 50));
      await setKillSwitch(t.db, { id: approver.id, name: approver.name }, "PAUSE_ALL_SENDS", true);
      const switchRow = await t.db.auditLog.findFirstOrThrow({ where: { action: "killSwitch.set" }, select: { seq: true } });
      await running;

      const allowedAfter = await t.db.auditLog.count({ where: { action: "send.claim", decision: "ALLOW", seq: { gt: switchRow.seq } } });
      const allowedBefore = await t.db.auditLog.count({ where: { action: "send.claim", decision: "ALLOW", seq: { lt: switchRow.seq } } });
      const refusedAfter = await t.db.auditLog.count({ where: { action: "send.claim", decision: "DENY", seq: { gt: switchRow.seq }, reason: { contains: "PAUSE_ALL_SENDS" } } });
      expect(allowedAfter).toBe(0);
      expect(allowedBefore).toBeGreaterThanOrEqual(60);
      expect(refusedAfter).toBeGreaterThan(0); // senders were still trying after the switch
      // Every claim row comes from an allowed claim before the switch; GHL got no more messages than that.
      expect(await t.db.send.count()).toBe(allowedBefore);
      expect(ghl.calls.message).toBeLessThanOrEqual(allowedBefore);
      expect(await verify(t.db)).toMatchObject({ ok: true });
      console.log(`kill-switch race: ${allowedBefore} claims before the switch, ${refusedAfter} refused after it, 0 allowed after it`);
    } finally {
      await ghl.close();
      await t.cleanup();
    }
  }, 600_000);
});
