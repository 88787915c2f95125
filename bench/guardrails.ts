// Guarded send-claims per second: 100 concurrent workers (PROCESSES OS processes) run the real
// claim transaction (guardrail + kill switches + suppression + window + atomic limit counters +
// audit) against a real migrated SQLite file, then every hard and phase limit is re-checked from
// the rows. Usage: npm run bench -- guardrails [claims=3000] [processes=4] [--db sqlite|pg]
// --db pg runs it on PostgreSQL: on TEST_PG_URL's server if set, else on a private cluster it
// starts on loopback for the run (scripts/pg-cluster.sh) and stops afterwards.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
process.env.NEXTAUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
process.env.LOG_LEVEL ??= "silent";
process.env.DATABASE_URL ??= "file:/dev/null";
const argv = process.argv.slice(2);
const dbFlag = argv.indexOf("--db");
const onPg = dbFlag >= 0 && /^(pg|postgres(ql)?)$/.test(argv[dbFlag + 1] ?? "");
if (dbFlag >= 0) argv.splice(dbFlag, 2);
let clusterDir: string | null = null;
if (onPg) {
  process.env.TEST_DATABASE = "postgresql";
  if (!process.env.TEST_PG_URL) {
    clusterDir = mkdtempSync(path.join(os.tmpdir(), "caio-bench-pg-"));
    const port = String(56000 + (process.pid % 1000));
    process.env.TEST_PG_URL = execFileSync("bash", ["scripts/pg-cluster.sh", "start", clusterDir, port], { encoding: "utf8" }).trim();
  }
}
const { HARD_LIMITS } = await import("@/server/domain/phases");
const { dayKey, hourKey, monthKey } = await import("@/server/domain/send-limits");
const { set } = await import("@/server/features/settings/settings.service");
const { runWorker } = await import("@/server/testing/processes");
const { openWindow, seedDrafts } = await import("@/server/testing/send-fixtures");
const { createTestDb } = await import("@/server/testing/test-db");

const CLAIMS = Number(argv[0] ?? 3000);
const PROCESSES = Number(argv[1] ?? 4);
const WORKERS = 100;
const per = Math.ceil(WORKERS / PROCESSES);

const t = await createTestDb();
const dir = mkdtempSync(path.join(os.tmpdir(), "caio-bench-"));
try {
  await openWindow(t.db);
  await set(t.db, "phase", "full", null);
  const emails = Array.from({ length: CLAIMS }, (_, i) => `b${i}@dom${i % 50}.test`);
  const ids = await seedDrafts(t.db, emails.map((email) => ({ email })), "bench");
  // Injected clocks walk forward ~40 s per claim with jitter, so limits bind now and then.
  const start = Date.parse("2026-11-02T00:00:00Z");
  const jobs = ids.map((draftId, i) => ({ draftId, email: emails[i], at: start + i * 40_000 + Math.round((Math.random() - 0.5) * 20_000) }));
  const slices = Array.from({ length: PROCESSES }, (_, p) => jobs.filter((_, i) => i % PROCESSES === p));
  // Workers start, connect, report ready and wait for "go": the clock measures claims, not start-up.
  const barrier = path.join(dir, "barrier");
  mkdirSync(barrier);
  const spawned = performance.now();
  const running = Promise.all(slices.map((slice, p) => {
    const file = path.join(dir, `jobs-${p}.json`);
    writeFileSync(file, JSON.stringify(slice));
    return runWorker("bench/claim-worker.ts", [file, String(per), barrier], { DATABASE_URL: t.url, LOG_LEVEL: "silent" }, 600_000).then((o) => JSON.parse(o) as { counts: Record<string, number>; ms: number });
  }));
  const deadline = Date.now() + 120_000;
  while (readdirSync(barrier).filter((f) => f.startsWith("ready-")).length < PROCESSES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const wall = performance.now();
  writeFileSync(path.join(barrier, "go"), "");
  const outs = await running;
  const seconds = (performance.now() - wall) / 1000;
  const withStartup = (performance.now() - spawned) / 1000;
  const counts: Record<string, number> = {};
  for (const o of outs) for (const [k, v] of Object.entries(o.counts)) counts[k] = (counts[k] ?? 0) + v;
  const attempts = Object.values(counts).reduce((a, b) => a + b, 0);

  // Re-check every limit from the rows: violations are counted, not assumed away.
  const sends = await t.db.send.findMany({ select: { claimedAt: true, recipientDomain: true } });
  let overLimit = 0;
  const tally = (key: (s: (typeof sends)[number]) => string, limit: number) => {
    const m = new Map<string, number>();
    for (const s of sends) m.set(key(s), (m.get(key(s)) ?? 0) + 1);
    for (const n of m.values()) if (n > limit) overLimit += n - limit;
  };
  tally((s) => monthKey(s.claimedAt), HARD_LIMITS.monthly);
  tally((s) => dayKey(s.claimedAt), Math.min(HARD_LIMITS.daily, 100));
  tally((s) => hourKey(s.claimedAt), HARD_LIMITS.hourly);
  tally((s) => `${s.recipientDomain}|${hourKey(s.claimedAt)}`, HARD_LIMITS.perDomainHourly);
  const times = sends.map((s) => s.claimedAt.getTime()).sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] < HARD_LIMITS.minSecondsBetweenSends * 1000) overLimit++;
  const audited = await t.db.auditLog.count({ where: { action: "send.claim" } });

  const rows: [string, string][] = [
    ["workers", `${WORKERS} (${PROCESSES} processes x ${per})`],
    ["claim attempts", String(attempts)],
    ...Object.entries(counts).sort().map(([k, v]) => [`  ${k}`, String(v)] as [string, string]),
    ["wall time (claims)", `${seconds.toFixed(2)} s`],
    ["wall time incl. start-up", `${withStartup.toFixed(2)} s (${(attempts / withStartup).toFixed(1)} claims/s)`],
    ["load average (1 min)", os.loadavg()[0].toFixed(2)],
    ["guarded claims / s", (attempts / seconds).toFixed(1)],
    ["successful claims / s", ((counts.claimed ?? 0) / seconds).toFixed(1)],
    ["audit rows (send.claim)", String(audited)],
    ["over limit", String(overLimit)],
    ["database", `${t.dialect} ${t.file}`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  console.log(`RESULT ${JSON.stringify({ claims_per_s: Number((attempts / seconds).toFixed(1)), successful_claims_per_s: Number(((counts.claimed ?? 0) / seconds).toFixed(1)), over_limit: overLimit, database: t.dialect, attempts, claimed: counts.claimed ?? 0, workers: WORKERS, processes: PROCESSES, audited_decisions: audited, load_1m: Number(os.loadavg()[0].toFixed(2)) })}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  await t.cleanup();
  if (clusterDir) {
    execFileSync("bash", ["scripts/pg-cluster.sh", "stop", clusterDir]);
    rmSync(clusterDir, { recursive: true, force: true });
  }
}
