// Executor overhead: the same step functions run (a) through the local executor and the real SDK
// endpoint over HTTP, with every step durably recorded in SQLite, and (b) called directly.
import { createTestDb } from "@/server/testing/test-db";
import { startHarness } from "@/inngest/executor/testing/harness";
import { finishedRuns } from "@/inngest/executor/testing/runs";

const CHAIN_STEPS = 60; // one run, steps back to back: per-step latency
const RUNS = 40; // many runs at once: throughput
const STEPS_PER_RUN = 10;

/** The step body both paths run: a little real work (hashing a small payload). */
function work(i: number): number {
  let h = i;
  const s = JSON.stringify({ i, items: [1, 2, 3, "abc"] });
  for (let k = 0; k < s.length; k++) h = (h * 31 + s.charCodeAt(k)) | 0;
  return h;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r2 = (x: number) => Math.round(x * 100) / 100;

export async function main(): Promise<void> {
  const t = await createTestDb();
  const h = await startHarness(t, { backoffScale: 1, pollMs: 50 });
  const chain = h.client.createFunction({ id: "chain", triggers: [{ event: "bench/chain" }] }, async ({ step }) => {
    for (let i = 0; i < CHAIN_STEPS; i++) await step.run(`s${i}`, () => work(i));
  });
  const fan = h.client.createFunction({ id: "fan", triggers: [{ event: "bench/fan" }] }, async ({ step }) => {
    for (let i = 0; i < STEPS_PER_RUN; i++) await step.run(`s${i}`, () => work(i));
  });
  await h.serve([chain, fan]);

  // Warm-up (JIT, SDK lazy imports, connections).
  await h.executor.send([{ name: "bench/fan", data: {} }]);
  await finishedRuns(t.db, "test-app-fan", 1, 60_000);

  // (a1) latency: one run, steps back to back. A step's time = gap between consecutive recordings.
  const c0 = Date.now();
  await h.executor.send([{ name: "bench/chain", data: {} }]);
  const [run] = await finishedRuns(t.db, "test-app-chain", 1, 120_000);
  const chainMs = Date.now() - c0;
  const steps = await t.db.execStep.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" }, select: { endedAt: true } });
  const gaps = steps.slice(1).map((s, i) => s.endedAt!.getTime() - steps[i].endedAt!.getTime());

  // (a2) throughput: many runs at once.
  const f0 = Date.now();
  await h.executor.send(Array.from({ length: RUNS }, (_, i) => ({ name: "bench/fan", data: { i } })));
  await finishedRuns(t.db, "test-app-fan", RUNS + 1, 300_000);
  const fanMs = Date.now() - f0;
  const stepsPerS = (RUNS * STEPS_PER_RUN) / (fanMs / 1000);

  // (b) baseline: the same step bodies called directly, measured in this run.
  const n = 100_000;
  const b0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) sink ^= work(i);
  const directMs = (performance.now() - b0) / n;
  if (sink === 42) console.log("");

  await h.close();
  await t.cleanup();

  const p50 = pct(gaps, 50);
  const p99 = pct(gaps, 99);
  const rows = [
    ["per-step latency p50 (sequential run)", `${r2(p50)} ms`],
    ["per-step latency p99 (sequential run)", `${r2(p99)} ms`],
    ["per-step overhead p50 (vs direct call)", `${r2(p50 - directMs)} ms`],
    [`sequential run of ${CHAIN_STEPS} steps`, `${chainMs} ms`],
    [`throughput (${RUNS} runs x ${STEPS_PER_RUN} steps at once)`, `${r2(stepsPerS)} steps/s`],
    ["direct call of the same step body", `${r2(directMs * 1000)} µs`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log("\nexecutor benchmark (SDK over HTTP + SQLite-durable queue, synchronous=FULL)\n");
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  console.log("");
  console.log(`RESULT ${JSON.stringify({ steps_per_s: r2(stepsPerS), p50_step_ms: r2(p50), p99_step_ms: r2(p99), baseline_direct_call_ms: Number(directMs.toFixed(5)) })}`);
}
