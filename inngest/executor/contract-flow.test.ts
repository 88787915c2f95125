import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { parseCron } from "./config";
import { startHarness, type Harness } from "./testing/harness";
import { finishedRuns } from "./testing/runs";

// Cron triggers, concurrency limits, idempotency keys, event deduplication.
let t: TestDb;
let h: Harness;
let active = 0;
let maxActive = 0;
const byKey = new Map<string, { active: number; max: number }>();

beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t);
  const c = h.client;
  await h.serve([
    c.createFunction({ id: "ticker", triggers: [{ cron: "TZ=Europe/Paris */1 * * * * *" }] }, async ({ event, step }) => {
      return step.run("tick", () => (event.data as { cron: string }).cron);
    }),
    c.createFunction({ id: "limited", concurrency: { limit: 2 }, triggers: [{ event: "t/limited" }] }, async ({ step }) => {
      for (const i of [1, 2]) {
        await step.run(`work-${i}`, async () => {
          maxActive = Math.max(maxActive, ++active);
          await new Promise((r) => setTimeout(r, 60));
          active--;
        });
      }
    }),
    c.createFunction({ id: "keyed", concurrency: { limit: 1, key: "event.data.account" }, triggers: [{ event: "t/keyed" }] }, async ({ step, event }) => {
      const k = (event.data as { account: string }).account;
      await step.run("work", async () => {
        const s = byKey.get(k) ?? { active: 0, max: 0 };
        byKey.set(k, s);
        s.max = Math.max(s.max, ++s.active);
        await new Promise((r) => setTimeout(r, 60));
        s.active--;
      });
    }),
    c.createFunction({ id: "once-per-key", idempotency: "event.data.key", triggers: [{ event: "t/idem" }] }, async ({ event }) => event.data),
    c.createFunction({ id: "dedup", triggers: [{ event: "t/dedup" }] }, async () => "ran"),
  ]);
});
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

describe("cron", () => {
  it("reads a TZ prefix", () => {
    expect(parseCron("TZ=Europe/Paris 0 9 * * *")).toEqual({ pattern: "0 9 * * *", timezone: "Europe/Paris" });
    expect(parseCron("*/5 * * * *")).toEqual({ pattern: "*/5 * * * *" });
  });

  it("starts runs on schedule with the scheduled.timer event, one per tick", async () => {
    const runs = await finishedRuns(t.db, "test-app-ticker", 2);
    expect(JSON.parse(runs[0].output!)).toBe("TZ=Europe/Paris */1 * * * * *");
    const ticks = await t.db.execCronTick.findMany({ where: { functionId: "test-app-ticker" } });
    expect(new Set(ticks.map((x) => x.at)).size).toBe(ticks.length);
  });
});

describe("concurrency", () => {
  it("never runs more steps of a function at once than its limit, and does reach it", async () => {
    await h.executor.send([1, 2, 3, 4, 5].map((n) => ({ name: "t/limited", data: { n } })));
    const runs = await finishedRuns(t.db, "test-app-limited", 5);
    expect(runs.every((r) => r.status === "COMPLETED")).toBe(true);
    expect(maxActive).toBe(2);
  });

  it("applies the limit per key", async () => {
    await h.executor.send(["a", "a", "a", "b", "b", "b"].map((account) => ({ name: "t/keyed", data: { account } })));
    await finishedRuns(t.db, "test-app-keyed", 6);
    expect(byKey.get("a")!.max).toBe(1);
    expect(byKey.get("b")!.max).toBe(1);
  });
});

describe("idempotency and deduplication", () => {
  it("creates one run per idempotency key", async () => {
    await h.executor.send([{ name: "t/idem", data: { key: "k1" } }, { name: "t/idem", data: { key: "k1" } }, { name: "t/idem", data: { key: "k2" } }]);
    await h.executor.send([{ name: "t/idem", data: { key: "k1" } }]);
    const runs = await finishedRuns(t.db, "test-app-once-per-key", 2);
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => JSON.parse(r.output!).key).sort()).toEqual(["k1", "k2"]);
  });

  it("deduplicates events by id", async () => {
    const first = await h.executor.send([{ name: "t/dedup", id: "same-id", data: {} }]);
    const again = await h.executor.send([{ name: "t/dedup", id: "same-id", data: {} }]);
    expect(again).toEqual(first);
    const runs = await finishedRuns(t.db, "test-app-dedup", 1);
    expect(runs).toHaveLength(1);
  });
});
