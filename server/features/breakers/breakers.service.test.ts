import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, prepareDb, type Db } from "@/server/db/client";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { acquire, BREAKERS, recordFailure, recordSuccess, status } from "./breakers.service";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");

async function child(url: string, op: string, service: string, now: Date, count = 1): Promise<unknown[]> {
  const { stdout } = await run(TSX, ["server/testing/breaker-child.ts", url, op, service, now.toISOString(), String(count)], {
    cwd: ROOT, env: { ...process.env, LOG_LEVEL: "silent" }, timeout: 60_000,
  });
  return JSON.parse(stdout);
}

let t: TestDb;
let other: Db;
const T0 = new Date("2026-11-24T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

beforeAll(async () => {
  t = await createTestDb();
  other = createDb(t.url); // a second, independent connection to the same file
  await prepareDb(other);
});
afterAll(async () => {
  await other.$disconnect();
  await t.cleanup();
});

describe("breakers.service (state in the database)", () => {
  it("has the agreed configuration", () => {
    expect(BREAKERS).toEqual({
      clay: { failureThreshold: 3, openMs: 120_000, halfOpenMaxTrials: 1 },
      ghl: { failureThreshold: 5, openMs: 300_000, halfOpenMaxTrials: 1 },
    });
  });

  it("full cycle with a fake clock across two connections: open after 3, blocked, half-open trial, close", async () => {
    expect(await acquire(t.db, "clay", at(0))).toEqual({ allowed: true, state: "CLOSED" });
    await recordFailure(t.db, "clay", at(1), "500 from clay");
    await recordFailure(other, "clay", at(2), "timeout");
    expect((await acquire(other, "clay", at(3))).allowed).toBe(true);
    await recordFailure(t.db, "clay", at(3), "500 again");

    const blocked = await acquire(other, "clay", at(60_000));
    expect(blocked).toEqual({ allowed: false, state: "OPEN", retryAt: at(3 + 120_000) });
    expect((await acquire(t.db, "clay", at(120_002))).allowed).toBe(false);

    expect(await acquire(t.db, "clay", at(120_003))).toEqual({ allowed: true, state: "HALF_OPEN" });
    expect((await acquire(other, "clay", at(120_004))).allowed).toBe(false); // only one trial
    await recordSuccess(other, "clay", at(121_000));
    expect(await acquire(t.db, "clay", at(121_001))).toEqual({ allowed: true, state: "CLOSED" });

    const [s] = (await status(t.db)).filter((x) => x.service === "clay");
    expect(s).toMatchObject({ state: "CLOSED", failures: 0, lastError: "500 again", lastSuccessAt: at(121_000).toISOString() });
  });

  it("a failed trial reopens", async () => {
    for (let i = 0; i < 5; i++) await recordFailure(t.db, "ghl", at(i), "x");
    expect((await acquire(t.db, "ghl", at(10))).state).toBe("OPEN");
    expect((await acquire(t.db, "ghl", at(300_004))).state).toBe("HALF_OPEN");
    await recordFailure(other, "ghl", at(300_005), "still down");
    expect(await acquire(t.db, "ghl", at(300_006))).toMatchObject({ allowed: false, state: "OPEN", retryAt: at(600_005) });
  });

  it("status reports never-used breakers as CLOSED and keeps error text free of e-mail addresses", async () => {
    const fresh = await createTestDb();
    try {
      expect((await status(fresh.db)).map((s) => [s.service, s.state])).toEqual([["clay", "CLOSED"], ["ghl", "CLOSED"]]);
      await recordFailure(fresh.db, "clay", T0, "bounce for someone@example.com");
      expect((await status(fresh.db))[0].lastError).toBe("bounce for [email]");
    } finally {
      await fresh.cleanup();
    }
  });

  it("state is shared between OS processes; racing processes get exactly one half-open trial", async () => {
    const shared = await createTestDb();
    try {
      // another process opens the breaker
      await child(shared.url, "failure", "clay", at(0), 3);
      expect(await acquire(shared.db, "clay", at(1_000))).toMatchObject({ allowed: false, state: "OPEN" });
      // four processes race for the single half-open trial
      const results = (await Promise.all([1, 2, 3, 4].map(() => child(shared.url, "acquire", "clay", at(130_000))))).flat() as { allowed: boolean }[];
      expect(results.filter((r) => r.allowed)).toHaveLength(1);
      // the trial succeeds in yet another process; this process sees it closed
      await child(shared.url, "success", "clay", at(131_000));
      expect(await acquire(shared.db, "clay", at(131_001))).toEqual({ allowed: true, state: "CLOSED" });
    } finally {
      await shared.cleanup();
    }
  });
});
