import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { startHarness, waitFor, type Harness } from "./testing/harness";

let t: TestDb;
let h: Harness;
beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t.db);
});
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

it("runs two steps", async () => {
  const fn = h.client.createFunction({ id: "two", triggers: [{ event: "t/two" }] }, async ({ step, event }) => {
    const a = await step.run("a", () => 1 + (event.data as { n: number }).n);
    const b = await step.run("b", () => a * 10);
    return { b };
  });
  await h.serve([fn]);
  const [id] = await h.executor.send([{ name: "t/two", data: { n: 2 } }]);
  const run = await waitFor(async () => {
    const r = await t.db.execRun.findFirst({ where: { eventId: id } });
    return r && ["COMPLETED", "FAILED"].includes(r.status) ? r : undefined;
  });
  console.log(run, await t.db.execStep.findMany());
  expect(run.status).toBe("COMPLETED");
  expect(JSON.parse(run.output!)).toEqual({ b: 30 });
});
