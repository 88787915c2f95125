import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useGlobalDb } from "@/server/testing/global-db";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { rollupMetrics } from "./rollup-metrics";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
});
afterAll(() => t.cleanup());

describe("rollup-metrics", () => {
  it("recomputes today's roll-up from the raw tables", async () => {
    const now = new Date();
    await t.db.visitor.create({ data: { identityKey: "r1", firstSeenAt: now, lastSeenAt: now, enrichmentStatus: "COMPLETE" } });
    const engine = new InngestTestEngine({ function: rollupMetrics });
    const { result } = await engine.execute();
    const today = now.toISOString().slice(0, 10);
    expect(result).toMatchObject({ days: expect.arrayContaining([today]) });
    expect(await t.db.metricDaily.findUnique({ where: { day: today } })).toMatchObject({ visitors: 1, visitorsEnriched: 1 });
  });
});
