import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { startHarness, waitFor, type Harness } from "./testing/harness";
import { finishedRuns, stepsOf } from "./testing/runs";

// Sleep, sleepUntil, waitForEvent (matched / timed out, with `if` and `match`) and cancelOn.
let t: TestDb;
let h: Harness;

beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t);
  const c = h.client;
  await h.serve([
    c.createFunction({ id: "sleeper", triggers: [{ event: "t/sleep" }] }, async ({ step }) => {
      const before = await step.run("before", () => Date.now());
      await step.sleep("nap", "1s");
      await step.sleepUntil("until", new Date(before + 1500));
      return step.run("after", () => Date.now() - before);
    }),
    c.createFunction({ id: "waiter", triggers: [{ event: "t/wait" }] }, async ({ step }) => {
      const approved = await step.waitForEvent("approval", { event: "t/approved", timeout: "20s", if: "async.data.id == event.data.id" });
      return approved;
    }),
    c.createFunction({ id: "matcher", triggers: [{ event: "t/match" }] }, async ({ step }) => {
      return step.waitForEvent("reply", { event: "t/reply", timeout: "20s", match: "data.thread" });
    }),
    c.createFunction({ id: "timeout", triggers: [{ event: "t/timeout" }] }, async ({ step }) => {
      const got = await step.waitForEvent("never", { event: "t/never", timeout: "1s" });
      return { got };
    }),
    c.createFunction(
      { id: "cancellable", triggers: [{ event: "t/start" }], cancelOn: [{ event: "t/stop", if: "async.data.id == event.data.id" }] },
      async ({ step }) => {
        await step.run("begin", () => "begun");
        await step.sleep("long", "30s");
        return "should not get here";
      },
    ),
  ]);
});
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

describe("Sleep", () => {
  it("sleeps (duration in the op's name) and sleeps until a date", async () => {
    await h.executor.send([{ name: "t/sleep", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-sleeper");
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.output!)).toBeGreaterThanOrEqual(1500);
    const steps = await stepsOf(t.db, run.id);
    expect(steps.nap.op).toBe("Sleep");
    expect(steps.nap.data).toBe("null");
    expect(steps.until.status).toBe("COMPLETED");
  });
});

describe("WaitForEvent", () => {
  it("resumes with the matching event (name kept), ignoring events the `if` rejects", async () => {
    await h.executor.send([{ name: "t/wait", data: { id: "A" } }]);
    await waitFor(async () => ((await t.db.execWait.count()) > 0 ? true : undefined));
    await h.executor.send([{ name: "t/approved", data: { id: "B" } }]);
    await h.executor.send([{ name: "t/approved", data: { id: "A", ok: true } }]);
    const [run] = await finishedRuns(t.db, "test-app-waiter");
    const out = JSON.parse(run.output!);
    expect(out.name).toBe("t/approved");
    expect(out.data).toEqual({ id: "A", ok: true });
  });

  it("supports `match`", async () => {
    await h.executor.send([{ name: "t/match", data: { thread: 7 } }]);
    await waitFor(async () => ((await t.db.execWait.count({ where: { eventName: "t/reply" } })) > 0 ? true : undefined));
    await h.executor.send([{ name: "t/reply", data: { thread: 8 } }, { name: "t/reply", data: { thread: 7, n: 1 } }]);
    const [run] = await finishedRuns(t.db, "test-app-matcher");
    expect(JSON.parse(run.output!).data).toEqual({ thread: 7, n: 1 });
  });

  it("returns null when the wait times out", async () => {
    await h.executor.send([{ name: "t/timeout", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-timeout");
    expect(JSON.parse(run.output!)).toEqual({ got: null });
    expect(await t.db.execWait.count({ where: { runId: run.id } })).toBe(0);
  });
});

describe("cancelOn", () => {
  it("cancels only the run whose expression matches, and emits function.cancelled", async () => {
    await h.executor.send([{ name: "t/start", data: { id: "1" } }, { name: "t/start", data: { id: "2" } }]);
    await waitFor(async () => ((await t.db.execQueueItem.count({ where: { kind: "SLEEP" } })) === 2 ? true : undefined));
    await h.executor.send([{ name: "t/stop", data: { id: "1" } }]);
    const runs = await t.db.execRun.findMany({ where: { functionId: "test-app-cancellable" }, orderBy: { id: "asc" } });
    const byId = Object.fromEntries(
      await Promise.all(runs.map(async (r) => [JSON.parse((await t.db.execEvent.findUnique({ where: { id: r.eventId } }))!.payload).data.id, r.status])),
    );
    expect(byId).toEqual({ "1": "CANCELLED", "2": "RUNNING" });
    const cancelled = await t.db.execEvent.findMany({ where: { name: "inngest/function.cancelled" } });
    expect(cancelled).toHaveLength(1);
    expect(await t.db.execQueueItem.count({ where: { runId: runs.find((r) => r.status === "CANCELLED")!.id } })).toBe(0);
  });
});
