import { AsyncLocalStorage } from "node:async_hooks";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Inngest } from "inngest";
import { createInngestHandler } from "@/inngest/serve";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { hostApp, type Handlers } from "./testing/app-host";
import { generateKeys, waitFor } from "./testing/harness";

// Crash test: the executor runs as a real child process and is killed with SIGKILL at random
// moments while a batch of multi-step runs is in flight, then restarted. Every run must complete;
// no step may run again once its result was recorded; and each step's side effect — written
// idempotently by (run, step), as any effect of an at-least-once step must be — exists once.
// (A kill between the app finishing a step and the executor recording it re-runs that step:
// that is the at-least-once window every Inngest executor has; the attempts table shows it.
// A request a killed executor already sent may also still be executing in the app after the
// step was recorded; what the executor controls — and what we check — is that no request
// *sent* after a step was recorded runs that step again.) The executor checkpoints (default):
// a call runs a run's steps back to back and POSTs each result to the executor before going on,
// so kills also land mid-checkpoint, between a checkpoint's commit and its answer, and while a
// killed executor's call is still running in the app (its checkpoints then meet the restarted
// executor, which refuses them: that call no longer holds its run).
const sentAt = new AsyncLocalStorage<number>();
const RUNS = 24;
const STEPS = ["one", "two", "three", "four", "five"];
const KILLS = 5;

let t: TestDb;
let app: Awaited<ReturnType<typeof hostApp>>;
let child: ChildProcess | undefined;
const keys = generateKeys();
let port = 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

async function startChild(): Promise<void> {
  child = spawn(process.execPath, ["--import", "tsx", "inngest/executor/main.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      INNGEST_SIGNING_KEY: keys.signingKey,
      INNGEST_EVENT_KEY: keys.eventKey,
      INNGEST_APP_URL: app.url,
      EXECUTOR_PORT: String(port),
      EXECUTOR_LEASE_MS: "800",
      EXECUTOR_POLL_MS: "20",
      EXECUTOR_BACKOFF_SCALE: "0.0005",
      LOG_LEVEL: "silent",
    },
    stdio: "ignore",
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok).catch(() => false)) || undefined, 30_000, "executor up");
}

function kill(): Promise<void> {
  const c = child!;
  return new Promise((resolve) => {
    c.once("exit", () => resolve());
    c.kill("SIGKILL");
  });
}

beforeAll(async () => {
  t = await createTestDb();
  await t.db.$executeRawUnsafe('CREATE TABLE crash_attempt ("runId" TEXT, "step" TEXT, "sentAt" BIGINT, "startedAt" BIGINT)');
  await t.db.$executeRawUnsafe('CREATE TABLE crash_effect ("runId" TEXT, "step" TEXT, PRIMARY KEY ("runId", "step"))');
  app = await hostApp();
  port = await freePort();
  const client = new Inngest({ id: "crash", baseUrl: `http://127.0.0.1:${port}`, ...keys, isDev: false, logger: { info() {}, warn() {}, error() {}, debug() {} } });
  const fn = client.createFunction({ id: "multi", triggers: [{ event: "t/crash" }] }, async ({ step, runId }) => {
    for (const name of STEPS) {
      await step.run(name, async () => {
        await t.db.$executeRaw`INSERT INTO crash_attempt ("runId", "step", "sentAt", "startedAt") VALUES (${runId}, ${name}, ${sentAt.getStore() ?? 0}, ${Date.now()})`;
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        await t.db.$executeRaw`INSERT INTO crash_effect ("runId", "step") VALUES (${runId}, ${name}) ON CONFLICT DO NOTHING`;
        return name;
      });
    }
    return "done";
  });
  const h = createInngestHandler([fn], client) as unknown as Handlers;
  app.setHandlers({ GET: h.GET, PUT: h.PUT, POST: (req) => sentAt.run(Number(req.headers.get("x-executor-sent-at") ?? 0), () => h.POST(req)) });
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) await kill();
  await app?.close();
  await t?.cleanup();
});

it("survives SIGKILL at random points: every run completes, no recorded step runs again, each effect once", async () => {
  await startChild();
  const sync = await fetch(`http://127.0.0.1:${port}/sync`, { method: "POST", headers: { authorization: `Bearer ${keys.signingKey}` } });
  expect(sync.status).toBe(200);
  const events = Array.from({ length: RUNS }, (_, i) => ({ name: "t/crash", data: { i } }));
  const sent = await fetch(`http://127.0.0.1:${port}/e/${keys.eventKey}`, { method: "POST", body: JSON.stringify(events) });
  expect(sent.status).toBe(200);

  for (let k = 0; k < KILLS; k++) {
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
    await kill();
    await startChild();
  }

  const runs = await waitFor(async () => {
    const rs = await t.db.execRun.findMany({ where: { functionId: "crash-multi" } });
    return rs.length === RUNS && rs.every((r) => r.status === "COMPLETED") ? rs : undefined;
  }, 40_000, "all runs completed");
  expect(runs.map((r) => JSON.parse(r.output!))).toEqual(Array(RUNS).fill("done"));

  const effects = await t.db.$queryRaw<{ runId: string; step: string }[]>`SELECT "runId", "step" FROM crash_effect`;
  expect(effects).toHaveLength(RUNS * STEPS.length);
  const steps = await t.db.execStep.findMany({ where: { runId: { in: runs.map((r) => r.id) } } });
  expect(steps).toHaveLength(RUNS * STEPS.length);
  expect(steps.every((s) => s.status === "COMPLETED")).toBe(true);

  // No request sent after a step's result was recorded ran that step again.
  const attempts = await t.db.$queryRaw<{ runId: string; step: string; sentAt: bigint | number }[]>`SELECT "runId", "step", "sentAt" FROM crash_attempt`;
  const recorded = new Map(steps.map((s) => [`${s.runId}/${s.name}`, s.endedAt!.getTime()]));
  expect(attempts.every((a) => Number(a.sentAt) > 0)).toBe(true);
  const late = attempts.filter((a) => Number(a.sentAt) > recorded.get(`${a.runId}/${a.step}`)!);
  expect(late).toEqual([]);
  expect(await t.db.execQueueItem.count()).toBe(0);
  // Checkpointing was in play: without it a run needs a call per step plus one.
  expect(runs.some((r) => r.attempts < STEPS.length + 1)).toBe(true);
  console.log(`crash test: ${KILLS} kills, ${attempts.length} step executions for ${RUNS * STEPS.length} steps (${attempts.length - RUNS * STEPS.length} re-executions of in-flight steps)`);
}, 90_000);
