import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HARD_LIMITS, PHASES } from "@/server/domain/phases";
import { dayKey, hourKey, monthKey } from "@/server/domain/send-limits";
import { verify } from "@/server/features/audit/audit.service";
import { set } from "@/server/features/settings/settings.service";
import { emailHash, suppress } from "@/server/features/suppression/suppression.service";
import { createGhlClient } from "@/server/integrations/ghl";
import { startFakeGhl, type FakeGhlBehaviour } from "@/server/testing/fake-ghl";
import { runWorker } from "@/server/testing/processes";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb } from "@/server/testing/test-db";
import { sweepStaleClaims } from "./sending.service";

/**
 * PROPERTY, with real concurrency on a real database file: 3 OS processes x 34 async workers
 * (102 concurrent senders) plus 2 processes that SIGKILL themselves between the GHL call and the
 * record, attempting > 2,000 sends of drafts spread over random domains and injected clocks, each
 * draft attempted by all three processes, against a fake GHL on loopback that answers 429 / 500 / hangs.
 * Whatever happens: no hard limit or phase limit exceeded, nothing to a suppressed or excluded
 * address, nothing outside the window, no draft delivered twice.
 * Slow by design (~30-60 s): kept in its own file.
 */
const PROCESSES = 3;
const PER_PROCESS = 34; // 3 x 34 = 102 concurrent senders
const DRAFTS = 700; // x3 attempts each (one per process) = 2,100 attempts (+ the crash processes)
const WINDOW = { timeZone: "UTC", startHour: 7, endHour: 21, days: [1, 2, 3, 4, 5] };
const START = Date.parse("2026-11-23T00:00:00Z"); // Monday
const SPAN_MS = 4 * 86_400_000;

const scenario = fc.record({
  phase: fc.constantFrom(...PHASES),
  domains: fc.integer({ min: 6, max: 40 }),
  suppressedEvery: fc.integer({ min: 7, max: 20 }),
  jitterMs: fc.integer({ min: 0, max: 20 * 60_000 }),
  failurePermille: fc.integer({ min: 0, max: 60 }),
  seed: fc.integer(),
});

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe("send path under real concurrency (property)", () => {
  it("never exceeds a limit, never sends to suppressed/excluded, never delivers a draft twice — even with SIGKILLed workers", async () => {
    await fc.assert(fc.asyncProperty(scenario, async (sc) => {
      const t = await createTestDb();
      const ghl = await startFakeGhl();
      const dir = mkdtempSync(path.join(os.tmpdir(), "caio-jobs-"));
      try {
        const rand = rng(sc.seed);
        await set(t.db, "phase", sc.phase, null);
        await set(t.db, "sendingWindow", WINDOW, null);
        await set(t.db, "excludedDomains", ["excluded-0.test"], null);
        const emails = Array.from({ length: DRAFTS }, (_, i) => {
          const d = i % 11 === 0 ? "excluded-0.test" : `d${Math.floor(rand() * sc.domains)}.test`;
          return `p${i}@${d}`;
        });
        const suppressed = new Set(emails.filter((_, i) => i % sc.suppressedEvery === 3));
        for (const e of suppressed) await suppress(t.db, e, "unsubscribe", "test");
        const ids = await seedDrafts(t.db, emails.map((email) => ({ email })), "prop");
        const emailOf = new Map(ids.map((id, i) => [id, emails[i]]));

        ghl.setPlan((kind) => {
          const x = rand() * 1000;
          if (x < sc.failurePermille / 3) return "429";
          if (x < (2 * sc.failurePermille) / 3) return kind === "message" ? "500-after" : "500";
          if (x < sc.failurePermille) return "hang";
          return "ok" as FakeGhlBehaviour;
        });

        // Clocks advance through the span with jitter; each draft is attempted by every process.
        const jobsFor: { draftId: string; at: number }[][] = Array.from({ length: PROCESSES + 2 }, () => []);
        ids.forEach((draftId, i) => {
          const base = START + (i / ids.length) * SPAN_MS;
          for (let p = 0; p < PROCESSES; p++) jobsFor[p].push({ draftId, at: Math.round(base + (rand() - 0.5) * 2 * sc.jitterMs) });
        });
        // The crash processes take drafts from the same stream (they also race the others).
        for (let c = 0; c < 2; c++) jobsFor[PROCESSES + c] = jobsFor[c].filter((_, k) => k % 4 === c).map((j) => ({ ...j, at: j.at + 1_000 }));
        const env = { DATABASE_URL: t.url, FAKE_GHL_URL: ghl.url, FAKE_GHL_TOKEN: ghl.token, LOG_LEVEL: "silent", GHL_TIMEOUT_MS: "250" };
        const runs = jobsFor.map((jobs, p) => {
          const file = path.join(dir, `jobs-${p}.json`);
          writeFileSync(file, JSON.stringify(jobs));
          const crash = p >= PROCESSES;
          return runWorker("server/testing/workers/send-attempts.ts", [file, String(crash ? 5 : PER_PROCESS)], { ...env, ...(crash ? { CRASH_AFTER: String(2 + p - PROCESSES) } : {}) }, 240_000)
            .then((out) => ({ p, crashed: false, counts: JSON.parse(out) as Record<string, number> }))
            .catch((e: Error) => ({ p, crashed: /SIGKILL/.test(e.message), counts: {}, error: e.message }));
        });
        const results = await Promise.all(runs);
        for (const r of results.slice(0, PROCESSES)) expect(r.crashed, JSON.stringify(r)).toBe(false);
        for (const r of results.slice(0, PROCESSES)) expect((r as { error?: string }).error).toBeUndefined();
        // The crash processes really died between a GHL call and its record.
        expect(results.slice(PROCESSES).filter((r) => r.crashed).length).toBeGreaterThanOrEqual(1);
        const attempts = results.slice(0, PROCESSES).reduce((s, r) => s + Object.values(r.counts).reduce((a, b) => a + b, 0), 0);
        expect(attempts).toBeGreaterThanOrEqual(2000);

        // Resolve claims the killed processes left behind: never resent, moved to NEEDS_REVIEW.
        const sweep = await sweepStaleClaims(t.db, { ghl: createGhlClient({ baseUrl: ghl.url, token: ghl.token, locationId: "loc_test" }), now: () => new Date(START + SPAN_MS + 86_400_000) }, { limit: 1000 });
        expect(await t.db.send.count({ where: { status: "CLAIMED" } })).toBe(0);

        // 1. No contact received a message twice.
        for (const [contact, n] of ghl.processed) expect(n, contact).toBe(1);
        // Every delivered message belongs to a send row that says SENT or NEEDS_REVIEW (never RELEASED/FAILED).
        const sends = await t.db.send.findMany({ select: { draftId: true, status: true, claimedAt: true, recipientDomain: true, recipientHash: true } });
        const byContact = new Map(sends.map((s) => [ghl.contactIdFor(emailOf.get(s.draftId)!), s]));
        const delivered = [...ghl.processed.keys()].map((c) => byContact.get(c));
        for (const s of delivered) expect(["SENT", "NEEDS_REVIEW"]).toContain(s?.status);
        // 2. Never to a suppressed address or an excluded domain (not even a claim).
        for (const e of suppressed) expect(ghl.attempts.get(ghl.contactIdFor(e)), e).toBeUndefined();
        for (const e of emails.filter((x) => x.endsWith("@excluded-0.test"))) expect(ghl.attempts.get(ghl.contactIdFor(e)), e).toBeUndefined();
        const suppressedHashes = new Set([...suppressed].map((e) => emailHash(e)));
        for (const s of sends) {
          expect(suppressedHashes.has(s.recipientHash)).toBe(false);
          expect(s.recipientDomain).not.toBe("excluded-0.test");
        }
        // 3. Limits, counted over every send that may have gone out (SENT, SHADOW, NEEDS_REVIEW).
        const out = sends.filter((s) => ["SENT", "SHADOW", "NEEDS_REVIEW"].includes(s.status)).map((s) => ({ ...s, at: s.claimedAt }));
        const tally = (key: (s: (typeof out)[number]) => string) => out.reduce((m, s) => m.set(key(s), (m.get(key(s)) ?? 0) + 1), new Map<string, number>());
        const phaseDaily = Math.min(HARD_LIMITS.daily, { parallel: 25, assisted: 50, expansion: 75, full: 100 }[sc.phase]);
        for (const n of tally((s) => monthKey(s.at)).values()) expect(n).toBeLessThanOrEqual(HARD_LIMITS.monthly);
        for (const n of tally((s) => dayKey(s.at)).values()) expect(n).toBeLessThanOrEqual(phaseDaily);
        for (const n of tally((s) => hourKey(s.at)).values()) expect(n).toBeLessThanOrEqual(HARD_LIMITS.hourly);
        for (const n of tally((s) => `${s.recipientDomain}|${hourKey(s.at)}`).values()) expect(n).toBeLessThanOrEqual(HARD_LIMITS.perDomainHourly);
        const times = out.map((s) => s.at.getTime()).sort((a, b) => a - b);
        for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(HARD_LIMITS.minSecondsBetweenSends * 1000);
        // 4. Inside the window (UTC 07-21, weekdays).
        for (const s of out) {
          const d = s.at.getUTCDay();
          expect(d >= 1 && d <= 5 && s.at.getUTCHours() >= 7 && s.at.getUTCHours() < 21).toBe(true);
        }
        // The property is not vacuous: limits bound the outcome and many sends went out.
        expect(out.length).toBeGreaterThan(30);
        // A killed worker's claim ends as NEEDS_REVIEW (by the sweep or by a racing retry), never resent.
        expect(sweep.found + (await t.db.send.count({ where: { status: "NEEDS_REVIEW" } }))).toBeGreaterThanOrEqual(1);
        expect(await verify(t.db)).toMatchObject({ ok: true });
      } finally {
        rmSync(dir, { recursive: true, force: true });
        await ghl.close();
        await t.cleanup();
      }
    }), { numRuns: 1, endOnFailure: true });
    // Generous: ~40 s on a quiet machine, 100-130 s on PostgreSQL with the machine fully loaded.
  }, 300_000);
});
