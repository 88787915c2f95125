import { NonRetriableError, RetryAfterError } from "inngest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { startHarness, waitFor, type Harness } from "./testing/harness";
import { finishedRuns, stepsOf } from "./testing/runs";

// Contract tests: the real inngest v4.24 SDK, served through inngest/serve.ts, driven by the executor.
type FailureArgs = { error: Error; event: { data: unknown }; step: { run: (id: string, fn: () => unknown) => Promise<unknown> } };
let t: TestDb;
let h: Harness;
const calls: Record<string, number> = {};
const bump = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);

beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t);
  const c = h.client;
  await h.serve([
    c.createFunction({ id: "seq", triggers: [{ event: "t/seq" }] }, async ({ step, event }) => {
      const a = await step.run("a", () => (event.data as { n: number }).n + 1);
      const b = await step.run("b", () => a * 10);
      return { b };
    }),
    c.createFunction({ id: "parallel", triggers: [{ event: "t/par" }] }, async ({ step }) => {
      const [x, y, z] = await Promise.all([step.run("x", () => "x"), step.run("y", () => "y"), step.run("z", () => "z")]);
      return step.run("join", () => x + y + z);
    }),
    c.createFunction(
      {
        id: "always-fails",
        retries: 2,
        triggers: [{ event: "t/fail" }],
        onFailure: async ({ error, event, step }: FailureArgs) => {
          await step.run("record", () => bump(`onFailure:${error.message}:${(event.data as { function_id: string }).function_id}`));
        },
      },
      async ({ step }) => {
        await step.run("boom", () => {
          bump("boom");
          throw new Error("kaput");
        });
      },
    ),
    c.createFunction({ id: "non-retriable", triggers: [{ event: "t/nonretry" }] }, async ({ step }) => {
      await step.run("once", () => {
        bump("nonretry");
        throw new NonRetriableError("no point retrying");
      });
    }),
    c.createFunction({ id: "retry-after", triggers: [{ event: "t/retry-after" }] }, async ({ step }) => {
      return step.run("later", () => {
        if (bump("retry-after") === 1) throw new RetryAfterError("busy", "2s");
        return "ok";
      });
    }),
    c.createFunction({ id: "flaky-fn", triggers: [{ event: "t/flaky-fn" }] }, async ({ step }) => {
      const v = await step.run("first", () => bump("flaky-first"));
      if (bump("flaky-body") < 3) throw new Error("function-level failure");
      return v;
    }),
    c.createFunction({ id: "sender", triggers: [{ event: "t/send" }] }, async ({ step }) => {
      return step.sendEvent("fan", { name: "t/received", data: { from: "sender" } });
    }),
    c.createFunction({ id: "receiver", triggers: [{ event: "t/received", if: "event.data.from == 'sender'" }] }, async ({ event }) => {
      return (event.data as { from: string }).from;
    }),
  ]);
});
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

describe("StepRun", () => {
  it("runs steps in order, memoised, and completes with the function's return value", async () => {
    await h.executor.send([{ name: "t/seq", data: { n: 2 } }]);
    const [run] = await finishedRuns(t.db, "test-app-seq");
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.output!)).toEqual({ b: 30 });
    const steps = await stepsOf(t.db, run.id);
    expect(Object.keys(steps)).toEqual(["a", "b"]);
    expect(JSON.parse(run.stack)).toEqual([steps.a.stepId, steps.b.stepId]);
    expect(await t.db.execQueueItem.count({ where: { runId: run.id } })).toBe(0);
    const finished = await t.db.execEvent.findMany({ where: { name: "inngest/function.finished" } });
    expect(finished.some((e) => JSON.parse(e.payload).data.run_id === run.id)).toBe(true);
  });
});

describe("parallel steps (StepPlanned)", () => {
  it("runs each planned step by its hashed id, then continues with all results", async () => {
    await h.executor.send([{ name: "t/par", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-parallel");
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.output!)).toBe("xyz");
    expect(run.disableImmediate).toBe(true);
    const steps = await stepsOf(t.db, run.id);
    expect(Object.keys(steps).sort()).toEqual(["join", "x", "y", "z"]);
    expect(steps.join.seq).toBe(4);
  });
});

describe("errors and retries", () => {
  it("retries a failing step to exhaustion (StepError ... StepFailed), fails the run, runs onFailure", async () => {
    await h.executor.send([{ name: "t/fail", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-always-fails");
    expect(run.status).toBe("FAILED");
    expect(calls.boom).toBe(3); // retries: 2 => 3 attempts
    const steps = await stepsOf(t.db, run.id);
    expect(steps.boom.status).toBe("FAILED");
    expect(JSON.parse(steps.boom.error!).message).toBe("kaput");
    const [failure] = await finishedRuns(t.db, "test-app-always-fails-failure");
    expect(failure.status).toBe("COMPLETED");
    expect(calls["onFailure:kaput:test-app-always-fails"]).toBe(1);
  });

  it("does not retry a NonRetriableError", async () => {
    await h.executor.send([{ name: "t/nonretry", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-non-retriable");
    expect(run.status).toBe("FAILED");
    expect(calls.nonretry).toBe(1);
    expect(JSON.parse(run.error!).message).toContain("no point retrying");
  });

  it("honours Retry-After from RetryAfterError", async () => {
    await h.executor.send([{ name: "t/retry-after", data: {} }]);
    const item = await waitFor(async () => (await t.db.execQueueItem.findFirst({ where: { attempt: 1, kind: "CALL" } })) ?? undefined);
    expect(Number(item.availableAt) - item.createdAt.getTime()).toBeGreaterThanOrEqual(1_500);
    const [run] = await finishedRuns(t.db, "test-app-retry-after");
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.output!)).toBe("ok");
  });

  it("retries function-level errors without re-running completed steps", async () => {
    await h.executor.send([{ name: "t/flaky-fn", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-flaky-fn");
    expect(run.status).toBe("COMPLETED");
    expect(calls["flaky-first"]).toBe(1);
    expect(calls["flaky-body"]).toBe(3);
  });
});

describe("sendEvent", () => {
  it("sends through the event API with the event key and triggers matching functions", async () => {
    await h.executor.send([{ name: "t/send", data: {} }]);
    const [sender] = await finishedRuns(t.db, "test-app-sender");
    expect(sender.status).toBe("COMPLETED");
    expect(JSON.parse(sender.output!).ids).toHaveLength(1);
    const [received] = await finishedRuns(t.db, "test-app-receiver");
    expect(JSON.parse(received.output!)).toBe("sender");
  });
});
