// Pipeline: N visitors from the RB2B webhook to a decision, through the production launcher
// (scripts/serve.ts start: `next start` + the local executor, two processes, as in production)
// in sandbox mode (no Clay/GHL credentials: sandbox Clay answers through the real callback route).
// A visitor is decided when its process-visitor run has ended and, if it was drafted, the
// decide-draft run has recorded its "decide" step. Each N runs on a fresh database, so the
// figures show how the cost grows with N. Each stack first takes WARMUP visitors, not counted, so
// N = 1,000 measures a warm server like N = 10,000 does instead of including its JIT warm-up.
// Usage: npm run bench -- pipeline [--quick] [--n=1000,5000,10000]
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import Database from "better-sqlite3";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { rb2bCompanyOnly, rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { createTestDb } from "@/server/testing/test-db";
import { freePort, hasProductionBuild, ROOT } from "./support/next-app";

const quick = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const nArg = process.argv.find((a) => a.startsWith("--n="));
const SIZES = nArg ? nArg.slice(4).split(",").map(Number) : quick ? [100, 300] : [1000, 5000, 10000];
const TOKEN = "bench-rb2b-token";
const POST_CONCURRENCY = 8;
const WARMUP = quick ? 20 : 200;
const TITLES = ["VP of Revenue Operations", "Head of Sales", "Chief Revenue Officer", "Marketing Manager", "Software Engineer", "Founder & CEO", "Account Executive", "Intern"];

function payload(i: number): Record<string, unknown> {
  const seenAt = new Date(Date.UTC(2026, 10, 24, 9) + i * 1000).toISOString();
  if (i % 10 === 9) return rb2bCompanyOnly({ Website: `https://company-${i}.example`, "Company Name": `Company ${i}`, "Seen At": seenAt });
  return rb2bPerson({
    "LinkedIn URL": `https://www.linkedin.com/in/bench-${i}/`,
    "First Name": `Alex${i}`,
    "Business Email": `alex${i}@firm-${i % 301}.example`,
    Website: `https://firm-${i % 301}.example`,
    "Company Name": `Firm ${i % 301}`,
    Title: TITLES[i % TITLES.length],
    "Employee Count": ["11-50", "51-200", "201-500", "1,001-5,000"][i % 4],
    "Captured URL": `https://caio-swarm.example/${["pricing", "blog/guardrails", "demo", "careers"][i % 4]}`,
    "Seen At": seenAt,
  });
}

interface Stack {
  url: string;
  /** CPU time (user + system, ms) used so far by the stack's processes (app and executor), where /proc exists. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** User + system CPU (ms) of `root` and every process under it, read from /proc; null where there is none. */
function treeCpuMs(root: number): number | null {
  if (!existsSync("/proc/self/stat")) return null;
  const stats = new Map<number, { ppid: number; ms: number }>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = text.slice(text.lastIndexOf(")") + 2).split(" "); // fields from 3 (state) on
      stats.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * TICK_MS });
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    total += stats.get(pid)?.ms ?? 0;
    for (const [p, s] of stats) if (s.ppid === pid) todo.push(p);
  }
  return total;
}

/** `tsx scripts/serve.ts start` on free ports; resolves once the executor has synced the app. */
async function startStack(databaseUrl: string): Promise<Stack> {
  const port = await freePort();
  const executorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts", "start"], {
    cwd: ROOT,
    detached: true,
    // stdin a pipe + CAIO_LAUNCHER_PIPE: if this bench dies (a timeout, Ctrl-C), the stack stops too.
    stdio: ["pipe", "pipe", "pipe"],
    env: {
      ...process.env, CAIO_LAUNCHER_PIPE: "1", NODE_ENV: "production", PORT: String(port), APP_HOST: "127.0.0.1", INNGEST_BASE_URL: `http://127.0.0.1:${executorPort}`,
      DATABASE_URL: databaseUrl, NEXTAUTH_URL: url, NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-0", RB2B_WEBHOOK_TOKEN: TOKEN,
      CLAY_CALLBACK_SECRET: "bench-clay-callback-secret", CLAY_SANDBOX_DELAY_MS: "300", LOG_LEVEL: "silent",
    },
  });
  let out = "";
  const synced = new Promise<void>((resolve, reject) => {
    const on = (b: Buffer) => {
      out = (out + b.toString()).slice(-10_000);
      if (/\[serve\] synced/.test(out)) resolve();
      if (/sync failed/.test(out)) reject(new Error(out));
    };
    child.stdout!.on("data", on);
    child.stderr!.on("data", on);
    child.once("exit", (c) => reject(new Error(`serve exited (${c}):\n${out}`)));
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const timer = setTimeout(() => child.kill("SIGTERM"), 120_000);
  await synced.finally(() => clearTimeout(timer));
  return {
    url,
    cpuMs: () => treeCpuMs(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM"); // serve.ts stops the app and the executor (their own process groups)
      const hard = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 20_000);
      await exited;
      clearTimeout(hard);
    },
  };
}

interface Progress {
  runsEnded: number;
  drafts: number;
  decided: number;
  failedRuns: number;
}

function progress(file: string): Progress {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      runsEnded: one(`SELECT count(*) AS n FROM ExecRun WHERE functionId = 'caio-swarm-process-visitor' AND status IN ('COMPLETED','FAILED','CANCELLED')`),
      failedRuns: one(`SELECT count(*) AS n FROM ExecRun WHERE status IN ('FAILED','CANCELLED')`),
      drafts: one(`SELECT count(*) AS n FROM Draft`),
      decided: one(`SELECT count(*) AS n FROM ExecStep s JOIN ExecRun r ON r.id = s.runId WHERE r.functionId = 'caio-swarm-decide-draft' AND s.name = 'decide' AND s.status = 'COMPLETED'`),
    };
  } finally {
    db.close();
  }
}

/** Posts visitors [from, to) with POST_CONCURRENCY clients; the number of non-200 answers. */
async function post(url: string, from: number, to: number): Promise<number> {
  let next = from;
  let refused = 0;
  await Promise.all(Array.from({ length: POST_CONCURRENCY }, async () => {
    for (let i = next++; i < to; i = next++) {
      const res = await fetch(`${url}/api/webhooks/rb2b?token=${TOKEN}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload(i)) });
      if (res.status !== 200) refused++;
      await res.arrayBuffer();
    }
  }));
  return refused;
}

/** Polls until `n` more process-visitor runs than in `base` have ended and every draft is decided. */
async function settled(file: string, base: Progress, n: number, posted: () => boolean): Promise<Progress> {
  const deadline = Date.now() + Math.max(600_000, n * 200);
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const p = progress(file);
    if (posted() && p.runsEnded - base.runsEnded >= n && p.decided >= p.drafts) return p;
    if (Date.now() > deadline) throw new Error(`pipeline bench N=${n} timed out: ${JSON.stringify(p)}`);
  }
}

async function runOnce(n: number) {
  const t = await createTestDb();
  await ensureDefaultTemplates(t.db);
  await t.db.$disconnect();
  const stack = await startStack(t.url);
  try {
    const none: Progress = { runsEnded: 0, drafts: 0, decided: 0, failedRuns: 0 };
    if ((await post(stack.url, 0, WARMUP)) > 0) throw new Error("warm-up webhooks were refused");
    const base = await settled(t.file, none, WARMUP, () => true);
    const cpu0 = stack.cpuMs();
    const t0 = performance.now();
    let postedAt = 0;
    const posting = post(stack.url, WARMUP, WARMUP + n).then((refused) => {
      postedAt = performance.now();
      return refused;
    });
    const end = await settled(t.file, base, n, () => postedAt > 0);
    const refused = await posting;
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = stack.cpuMs();
    const p: Progress = { runsEnded: end.runsEnded - base.runsEnded, drafts: end.drafts - base.drafts, decided: end.decided - base.decided, failedRuns: end.failedRuns - base.failedRuns };
    // CPU of the app and the executor (their whole process tree) per visitor: unlike visitors/s it
    // barely depends on what else runs on the machine.
    const cpuMsPerVisitor = cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / n;
    return { n, seconds, intakeSeconds: (postedAt - t0) / 1000, refused, ...p, perS: n / seconds, msPerVisitor: (seconds * 1000) / n, cpuMsPerVisitor };
  } finally {
    await stack.stop();
    await t.cleanup().catch(() => undefined);
  }
}

export async function main(): Promise<void> {
  if (!hasProductionBuild()) throw new Error("No production build: run `npx next build` first");
  const rows = [];
  for (const n of SIZES) {
    const r = await runOnce(n);
    rows.push(r);
    console.log(`  N=${n}: ${r.perS.toFixed(1)} visitors/s (${r.seconds.toFixed(1)} s, webhooks posted in ${r.intakeSeconds.toFixed(1)} s)${r.cpuMsPerVisitor === null ? "" : `, ${r.cpuMsPerVisitor.toFixed(1)} CPU ms/visitor (app + executor)`}`);
  }
  const base = rows[0].msPerVisitor;
  console.log("\npipeline: RB2B webhook -> score -> sandbox Clay (callback) -> draft -> decision, next start + local executor\n");
  const header = ["N", "seconds", "visitors/s", "ms/visitor", "vs smallest N", "CPU ms/visitor", "drafts", "decided", "failed runs", "non-200"];
  const lines = rows.map((r) => [r.n, r.seconds.toFixed(1), r.perS.toFixed(1), r.msPerVisitor.toFixed(1), `${(r.msPerVisitor / base).toFixed(2)}x`, r.cpuMsPerVisitor?.toFixed(1) ?? "n/a", r.drafts, r.decided, r.failedRuns, r.refused].map(String));
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  for (const l of [header, ...lines]) console.log("  " + l.map((x, c) => x.padStart(widths[c])).join("  "));
  const last = rows.at(-1)!;
  console.log(`\n  target >= 50 visitors/s and linear growth (ms/visitor flat across N); load average (1 min) ${os.loadavg()[0].toFixed(2)}\n`);
  console.log(`RESULT ${JSON.stringify({
    visitors_per_s: Number(last.perS.toFixed(1)),
    runs: rows.map((r) => ({ n: r.n, seconds: Number(r.seconds.toFixed(1)), visitors_per_s: Number(r.perS.toFixed(1)), ms_per_visitor: Number(r.msPerVisitor.toFixed(1)), cpu_ms_per_visitor: r.cpuMsPerVisitor === null ? null : Number(r.cpuMsPerVisitor.toFixed(1)), drafts: r.drafts, decided: r.decided, failed_runs: r.failedRuns, non_200: r.refused })),
    growth_largest_vs_smallest: Number((last.msPerVisitor / base).toFixed(2)),
    warmup_visitors: WARMUP, quick, load_1m: Number(os.loadavg()[0].toFixed(2)),
  })}`);
}
