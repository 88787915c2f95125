// Executor overhead: the same step functions run (a) through the local executor and the real SDK
// endpoint over HTTP — the app in its own process, as in production — with every step durably
// recorded in SQLite (synchronous=FULL), and (b) called directly, in this same run. The executor
// checkpoints (its default): the SDK runs a run's steps back to back in one call and POSTs each
// result to the executor, which commits it before answering. A step's time is the gap between the
// recordings of consecutive steps of one run; the overhead is that minus the direct call.
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { createTestDb } from "@/server/testing/test-db";
import { startExecutor, type ExecutorTimings } from "@/inngest/executor/index";
import { generateKeys } from "@/inngest/executor/testing/harness";
import Database from "better-sqlite3";
import { forkHelper } from "./support/child";
import { CHAIN_STEPS, STEPS_PER_RUN, work } from "./support/work";

const RUNS = 40; // runs of STEPS_PER_RUN steps sent at once: throughput

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const newTimings = (): ExecutorTimings => ({ queueWait: [], stateRead: [], appCall: [], apply: [], checkpoint: [], checkpointRecord: [] });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

interface AppStats {
  cpuMs: number;
}

async function startApp(keys: object, executorUrl: string): Promise<{ child: ChildProcess; url: string; stats(): Promise<AppStats> }> {
  const app = await forkHelper("executor-app.ts", {
    execArgv: process.env.BENCH_APP_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_APP_PROF}`] : [],
    env: { ...process.env, BENCH_KEYS: JSON.stringify(keys), BENCH_EXECUTOR_URL: executorUrl, LOG_LEVEL: "silent" },
  });
  return { child: app.child, url: app.ready.url as string, stats: async () => (await app.ask("stats")) as unknown as AppStats };
}

/**
 * Waits for `count` finished runs of a function. Polls through a plain read-only connection (a
 * Prisma query costs ~3 ms of this process's CPU, which would be charged to the executor here).
 */
async function finishedRuns(file: string, functionId: string, count: number, timeoutMs: number): Promise<{ id: string }[]> {
  const db = new Database(file, { readonly: true });
  const q = db.prepare("SELECT id, status FROM ExecRun WHERE functionId = ? ORDER BY id");
  try {
    // Every 20 ms: this poll runs in the executor's process, so it must not crowd its event loop (a
    // checkpointed step takes a few ms). Step times come from the recordings, not from this poll.
    for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      const runs = q.all(functionId) as { id: string; status: string }[];
      if (runs.length >= count && runs.every((r) => ["COMPLETED", "FAILED", "CANCELLED"].includes(r.status))) return runs;
    }
    throw new Error(`timed out waiting for ${count} runs of ${functionId}`);
  } finally {
    db.close();
  }
}

/**
 * What one small durable commit costs on this disk right now (WAL, synchronous=FULL, next to the
 * test database): the floor under a step's time, and the figure that moves most when other
 * processes load the disk. Context for the numbers above it, not part of them.
 */
function commitCost(dir: string): number {
  const db = new Database(path.join(dir, "fsync-probe.db"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE probe (id INTEGER PRIMARY KEY, v TEXT)");
    const insert = db.prepare("INSERT INTO probe (v) VALUES (?)");
    const xs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      db.transaction(() => insert.run("x".repeat(200))).immediate();
      xs.push(performance.now() - t0);
    }
    return pct(xs, 50);
  } finally {
    db.close();
  }
}

/** Gaps between consecutive step recordings of a run: the time each step took, as the queue saw it. */
async function stepGaps(db: Awaited<ReturnType<typeof createTestDb>>["db"], runId: string): Promise<number[]> {
  const steps = await db.execStep.findMany({ where: { runId }, orderBy: { seq: "asc" }, select: { endedAt: true } });
  return steps.slice(1).map((s, i) => s.endedAt!.getTime() - steps[i].endedAt!.getTime());
}

export async function main(): Promise<void> {
  const t = await createTestDb();
  const keys = generateKeys();
  const port = await freePort();
  const app = await startApp(keys, `http://127.0.0.1:${port}`);
  const timings = newTimings();
  const ex = await startExecutor({ databaseFile: t.file, appUrl: app.url, port, syncOnStart: false, cron: false, pollMs: 50, timings, ...keys });
  // The executor pushes into the object it was given: phases swap its arrays out.
  let cpu = process.cpuUsage();
  const take = () => {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const out = { ...timings, cpuMs: (used.user + used.system) / 1000 };
    Object.assign(timings, newTimings());
    return out;
  };
  await ex.sync();

  // Warm-up (JIT, SDK lazy imports, connections).
  await ex.send(Array.from({ length: 4 }, () => ({ name: "bench/fan", data: {} })));
  await finishedRuns(t.file, "bench-fan", 4, 60_000);
  take();
  await app.stats();

  // (a1) latency: one run, steps back to back. A step's time = gap between consecutive recordings.
  const c0 = Date.now();
  await ex.send([{ name: "bench/chain", data: {} }]);
  const [run] = await finishedRuns(t.file, "bench-chain", 1, 120_000);
  const chainMs = Date.now() - c0;
  const chainT = take();
  const chainApp = await app.stats();
  const gaps = await stepGaps(t.db, run.id);

  // (a2) throughput: many runs at once.
  const f0 = Date.now();
  await ex.send(Array.from({ length: RUNS }, (_, i) => ({ name: "bench/fan", data: { i } })));
  await finishedRuns(t.file, "bench-fan", RUNS + 4, 300_000);
  const fanMs = Date.now() - f0;
  const stepsPerS = (RUNS * STEPS_PER_RUN) / (fanMs / 1000);
  const fanT = take();
  const fanApp = await app.stats();
  await ex.stop();

  // (a3) for comparison, the same runs with checkpointing off (a call per step).
  const plain = await startExecutor({ databaseFile: t.file, appUrl: app.url, port: 0, syncOnStart: false, cron: false, pollMs: 50, checkpointing: false, ...keys });
  await plain.sync();
  const p0 = Date.now();
  await plain.send([{ name: "bench/chain", data: {} }]);
  const [plainRun] = await finishedRuns(t.file, "bench-chain", 2, 120_000).then((rs) => rs.slice(-1));
  const plainMs = Date.now() - p0;
  const plainGaps = await stepGaps(t.db, plainRun.id);
  const pf0 = Date.now();
  await plain.send(Array.from({ length: RUNS }, (_, i) => ({ name: "bench/fan", data: { i } })));
  await finishedRuns(t.file, "bench-fan", 2 * RUNS + 4, 300_000);
  const plainStepsPerS = (RUNS * STEPS_PER_RUN) / ((Date.now() - pf0) / 1000);
  await plain.stop();

  // (b) baseline: the same step bodies called directly, measured in this run.
  const n = 100_000;
  const b0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink ^= work(i);
  const directMs = (performance.now() - b0) / n;
  if (sink === 42) console.log("");

  const fsyncMs = commitCost(path.dirname(t.file));
  app.child.send({ type: "stop" });
  await t.cleanup();

  const p50 = pct(gaps, 50);
  const p99 = pct(gaps, 99);
  const ms = (x: number) => `${r2(x)} ms`;
  const cp50 = pct(chainT.checkpoint ?? [], 50);
  const rows: [string, string][] = [
    ["per-step latency p50 (sequential run)", ms(p50)],
    ["per-step latency p99 (sequential run)", ms(p99)],
    ["per-step overhead p50 (vs direct call)", ms(p50 - directMs)],
    [`sequential run of ${CHAIN_STEPS} steps`, `${chainMs} ms, ${chainT.appCall.length} call(s) to the app, ${chainT.checkpoint?.length ?? 0} checkpoints`],
    [`  the same with checkpointing off`, `${plainMs} ms, p50 step ${ms(pct(plainGaps, 50))}, a call per step`],
    [`throughput (${RUNS} runs x ${STEPS_PER_RUN} steps at once)`, `${r2(stepsPerS)} steps/s`],
    [`  the same with checkpointing off`, `${r2(plainStepsPerS)} steps/s`],
    ["direct call of the same step body", `${r2(directMs * 1000)} µs`],
    ["one small durable commit on this disk now (p50; context)", ms(fsyncMs)],
  ];
  // Where a step's time goes. With checkpointing a step is: the SDK runs it and POSTs its result,
  // the executor records it (tx + fsync) and answers, the SDK goes on to the next step.
  const both = (a: number, b: number) => `${ms(a).padStart(9)}  ${ms(b).padStart(9)}`;
  const fp50 = pct(fanT.checkpoint ?? [], 50);
  const breakdown: [string, string][] = [
    ["", `${"sequential".padStart(9)}  ${"parallel".padStart(9)}`],
    ["checkpoint in the executor: received -> answered (p50)", both(cp50, fp50)],
    ["  of which recording it: group commit, tx + fsync (p50)", both(pct(chainT.checkpointRecord ?? [], 50), pct(fanT.checkpointRecord ?? [], 50))],
    ["rest of a step: SDK, HTTP, scheduling (p50 step - p50 checkpoint)", `${ms(p50 - cp50).padStart(9)}  ${"".padStart(9)}`],
    ["calls to the app per run / checkpoints per run", `${`${chainT.appCall.length} / ${chainT.checkpoint?.length ?? 0}`.padStart(9)}  ${`${r2(fanT.appCall.length / RUNS)} / ${r2((fanT.checkpoint?.length ?? 0) / RUNS)}`.padStart(9)}`],
    ["CPU per step: executor process", both(chainT.cpuMs / CHAIN_STEPS, fanT.cpuMs / (RUNS * STEPS_PER_RUN))],
    ["CPU per step: app process", both(chainApp.cpuMs / CHAIN_STEPS, fanApp.cpuMs / (RUNS * STEPS_PER_RUN))],
  ];
  const w = Math.max(...[...rows, ...breakdown].map((r) => r[0].length));
  console.log("\nexecutor benchmark (app in its own process, real SDK handler over HTTP, SQLite queue with synchronous=FULL)\n");
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  console.log("\n  where a step's time goes");
  for (const [k, v] of breakdown) console.log(`  ${k.padEnd(w)}  ${v}`);
  console.log("");
  const result = {
    steps_per_s: r2(stepsPerS),
    p50_step_ms: r2(p50),
    p99_step_ms: r2(p99),
    baseline_direct_call_ms: Number(directMs.toFixed(5)),
    p50_overhead_ms: r2(p50 - directMs),
    p50_checkpoint_ms: r2(cp50),
    p50_step_checkpointing_off_ms: r2(pct(plainGaps, 50)),
    steps_per_s_checkpointing_off: r2(plainStepsPerS),
    p50_disk_commit_ms: r2(fsyncMs),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}
