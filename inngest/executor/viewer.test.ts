import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runs from "@/server/features/runs/runs.service";
import { createExecutorClient, type ExecutorClient } from "@/server/integrations/inngest-executor/client";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { startHarness, waitFor, type Harness } from "./testing/harness";
import { finishedRuns } from "./testing/runs";

// The run viewer's service against a real executor: list, detail (redacted), cancel, replay.
let t: TestDb;
let h: Harness;
let client: ExecutorClient;

beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t);
  client = createExecutorClient({ baseUrl: h.executor.url, ...h.keys });
  await h.serve([
    h.client.createFunction({ id: "pii", triggers: [{ event: "t/pii" }] }, async ({ step }) => {
      await step.run("lookup", () => ({ email: "ann@example.com", note: "mail ann@example.com", score: 9 }));
      return "ok";
    }),
    h.client.createFunction({ id: "slow", triggers: [{ event: "t/slow" }] }, async ({ step }) => {
      await step.sleep("wait", "30s");
    }),
  ]);
});
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

describe("runs service", () => {
  it("lists runs newest first with a cursor, and shows a run's steps with outputs redacted", async () => {
    await h.executor.send([{ name: "t/pii", data: {} }, { name: "t/pii", data: {} }]);
    const done = await finishedRuns(t.db, "test-app-pii", 2);
    const first = await runs.list(t.db, { limit: 1, functionId: "test-app-pii" });
    expect(first.rows).toHaveLength(1);
    expect(first.rows[0].id).toBe(done[1].id);
    const second = await runs.list(t.db, { limit: 1, functionId: "test-app-pii", cursor: first.nextCursor });
    expect(second.rows[0].id).toBe(done[0].id);
    expect(second.nextCursor).toBeNull();
    expect(first.functions).toEqual(["test-app-pii", "test-app-slow"]);

    const detail = await runs.get(t.db, done[0].id);
    expect(detail.status).toBe("COMPLETED");
    expect(detail.steps[0].name).toBe("lookup");
    expect(detail.steps[0].output).not.toContain("ann@example.com");
    expect(JSON.parse(detail.steps[0].output!)).toEqual({ email: "[redacted]", note: "mail [redacted]", score: 9 });
    expect(detail.timeline.map((e) => e.label)).toEqual(expect.arrayContaining(["started", "completed"]));
  });

  it("cancels a running run through the executor, and refuses to cancel a finished one", async () => {
    await h.executor.send([{ name: "t/slow", data: {} }]);
    const run = await waitFor(async () => (await t.db.execRun.findFirst({ where: { functionId: "test-app-slow", status: "RUNNING" } })) ?? undefined);
    await waitFor(async () => ((await t.db.execQueueItem.count({ where: { runId: run.id, kind: "SLEEP" } })) ? true : undefined));
    expect((await runs.get(t.db, run.id)).pending[0].kind).toBe("SLEEP");
    await runs.cancel(t.db, run.id, client);
    expect((await t.db.execRun.findUnique({ where: { id: run.id } }))!.status).toBe("CANCELLED");
    await expect(runs.cancel(t.db, run.id, client)).rejects.toThrow(/already cancelled/);
  });

  it("replays a run's event as a new event that starts a new run", async () => {
    const [run] = await t.db.execRun.findMany({ where: { functionId: "test-app-pii" }, take: 1 });
    const { eventIds } = await runs.replay(t.db, run.id, client);
    expect(eventIds).toHaveLength(1);
    const again = await finishedRuns(t.db, "test-app-pii", 3);
    expect(again.some((r) => r.eventId === eventIds[0])).toBe(true);
  });

  it("reports an unreachable executor as a precondition failure", async () => {
    const [run] = await t.db.execRun.findMany({ where: { functionId: "test-app-pii" }, take: 1 });
    const dead = createExecutorClient({ baseUrl: "http://127.0.0.1:9", ...h.keys });
    await expect(runs.replay(t.db, run.id, dead)).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});
