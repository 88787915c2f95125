import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verify } from "@/server/features/audit/audit.service";
import { set } from "@/server/features/settings/settings.service";
import { sweepStaleClaims } from "@/server/features/sending/sending.service";
import { createGhlClient } from "@/server/integrations/ghl";
import { startFakeGhl, type FakeGhl } from "@/server/testing/fake-ghl";
import { runWorker } from "@/server/testing/processes";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";

/**
 * Crash between the GHL call and the record, well over 1,000 times in one run, against a fake GHL
 * on loopback that counts every message it receives:
 *  - fault injection: 1,300 drafts are sent and every one of them "dies" right after GHL accepted
 *    the message and before the result is recorded (the hook throws; the row stays CLAIMED);
 *  - real kill -9: then 3 processes SIGKILL themselves at that same point (after 1, 2 and 3 sends);
 *  - "restart": all 4 processes then retry EVERY draft at once (racing each other), first while the
 *    claims are fresh, then once they are stale (reconcile), and the sweep resolves what is left.
 * Expected: every contact received at most ONE message (0 double sends), nothing stays CLAIMED,
 * every delivered message has a SENT or NEEDS_REVIEW row, and the audit chain is intact.
 * (server/features/sending/sending.concurrency.test.ts covers the same invariant under limits and
 * provider failures with 2 killed processes; this suite is about the number of crashes.)
 */
const DRAFTS = 1_300;
const REAL_KILL_DRAFTS = 60;
const PROCESSES = 4;
const START = Date.parse("2026-12-01T00:00:00Z");
const STEP_MS = 16 * 60_000; // 3.75 sends an hour, 90 a day: inside every limit, so each draft is claimed
const STALE_MS = 121_000;

let t: TestDb;
let ghl: FakeGhl;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  ghl = await startFakeGhl();
  dir = mkdtempSync(path.join(os.tmpdir(), "caio-crash-"));
  await openWindow(t.db);
  await set(t.db, "phase", "full", null);
}, 60_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ghl?.close();
  await t?.cleanup();
});

function jobsFile(name: string, jobs: object[]): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(jobs));
  return file;
}

it("crashes between the GHL call and the record >= 1,000 times: 0 double sends, nothing left in doubt", async () => {
  const emails = Array.from({ length: DRAFTS + REAL_KILL_DRAFTS }, (_, i) => `p${i}@c${i}.test`);
  const ids = await seedDrafts(t.db, emails.map((email) => ({ email })), "crash");
  const at = (i: number) => START + i * STEP_MS;
  const env = { DATABASE_URL: t.url, FAKE_GHL_URL: ghl.url, FAKE_GHL_TOKEN: ghl.token, LOG_LEVEL: "silent", GHL_TIMEOUT_MS: "2000" };
  const injected = ids.slice(0, DRAFTS).map((draftId, i) => ({ draftId, at: at(i), crash: true }));
  const real = ids.slice(DRAFTS).map((draftId, k) => ({ draftId, at: at(DRAFTS + k) })); // process k takes k, k+3, ...: later clocks each

  // 1. Every send dies after GHL accepted it (injected), then 3 processes really die (kill -9).
  //    Clocks only move forward, one send at a time: the 30 s minimum gap is a single "last send"
  //    row, so a send stamped earlier than one already claimed is (rightly) refused.
  const injectedCounts = JSON.parse(await runWorker("server/testing/workers/send-inject-crash.ts", [jobsFile("inject", injected), "1"], env, 600_000)) as Record<string, number>;
  const kills: string[] = [];
  for (const [k, crashAfter] of [1, 2, 3].entries()) {
    kills.push(await runWorker("server/testing/workers/send-attempts.ts", [jobsFile(`kill-${k}`, real.filter((_, i) => i % 3 === k)), "1"], { ...env, CRASH_AFTER: String(crashAfter) }, 120_000)
      .then(() => "survived", (e: Error) => (/SIGKILL/.test(e.message) ? "killed" : `error: ${e.message}`)));
  }
  const injectedCrashes = injectedCounts.injectedCrash ?? 0;
  expect(kills).toEqual(["killed", "killed", "killed"]);
  expect(injectedCrashes, JSON.stringify(injectedCounts)).toBeGreaterThanOrEqual(1_000);
  const messagesAfterCrashes = ghl.calls.message;
  expect(messagesAfterCrashes).toBeGreaterThanOrEqual(injectedCrashes + 6);

  // 2. Restart: every process retries every draft at once, first while the claims are fresh
  //    (must answer IN_FLIGHT, not send), then once they are stale (reconcile, never resend).
  const all = ids.map((draftId, i) => ({ draftId, at: at(i) }));
  for (const [label, shift] of [["fresh", 30_000], ["stale", STALE_MS]] as const) {
    const retried = all.map((j) => ({ ...j, at: j.at + shift }));
    const outs = await Promise.all(Array.from({ length: PROCESSES }, (_, p) =>
      runWorker("server/testing/workers/send-inject-crash.ts", [jobsFile(`${label}-${p}`, p % 2 ? [...retried].reverse() : retried), "8"], env, 300_000)));
    const counts = outs.map((o) => JSON.parse(o) as Record<string, number>);
    expect(counts.every((c) => !c.injectedCrash)).toBe(true);
  }
  const sweep = await sweepStaleClaims(t.db, { ghl: createGhlClient({ baseUrl: ghl.url, token: ghl.token, locationId: "loc_test" }), now: () => new Date(at(ids.length) + 86_400_000) }, { limit: 5_000 });

  // 0 double sends: no contact got a second message, not even a second attempt.
  expect(ghl.calls.message).toBe(ghl.attempts.size);
  const twice = [...ghl.attempts].filter(([, n]) => n > 1);
  expect(twice).toEqual([]);
  // Nothing left in doubt, and every delivered message is accounted for by its row.
  expect(await t.db.send.count({ where: { status: "CLAIMED" } })).toBe(0);
  const statuses = await t.db.send.groupBy({ by: ["status"], _count: true });
  const delivered = await t.db.send.count({ where: { status: { in: ["SENT", "NEEDS_REVIEW"] } } });
  expect(delivered, JSON.stringify({ statuses, sweep })).toBe(ghl.processed.size);
  expect(await verify(t.db)).toMatchObject({ ok: true });
  console.log(`send crash suite: ${injectedCrashes} injected crashes + ${kills.length} kill -9 between the GHL call and the record; ${ghl.calls.message} messages, 0 resent; ${JSON.stringify(statuses)}`);
}, 900_000);
