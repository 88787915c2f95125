// `npm run bench -- NAME [args]`: runs bench/NAME.ts in its own process (each prints a readable
// table and a last line `RESULT {...}`). A benchmark either runs at import or exports `main()`.
// `npm run bench -- all [--quick]` runs every benchmark in bench/ in turn (found, not listed: a
// file that prints a RESULT line is a benchmark) and writes bench/results/latest.json with the
// machine they ran on. `--quick` reaches the benchmarks as BENCH_QUICK=1 (smaller N where offered).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hasProductionBuild, ROOT } from "./support/next-app";

const name = process.argv[2];
const dir = import.meta.dirname;
const benches = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "run.ts" && !f.startsWith("_"))
  .filter((f) => readFileSync(path.join(dir, f), "utf8").includes("RESULT "))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

function runBench(bench: string, args: string[], env: Record<string, string>): Promise<{ code: number; result: unknown }> {
  const entry = `const m = await import(${JSON.stringify(path.join(dir, `${bench}.ts`))}); if (typeof m.main === "function") await m.main(); process.exit(0);`;
  // With -e the script's own arguments start at argv[1]; put the bench's path there so every
  // benchmark reads its arguments from process.argv[2] on, as if it had been run directly.
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", path.join(dir, `${bench}.ts`), ...args], {
    stdio: ["inherit", "pipe", "inherit"],
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent", ...env },
  });
  let tail = "";
  child.stdout!.on("data", (b: Buffer) => {
    process.stdout.write(b);
    tail = (tail + b.toString()).slice(-200_000);
  });
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      const line = tail.split("\n").reverse().find((l) => l.startsWith("RESULT "));
      let result: unknown = null;
      try {
        result = line ? JSON.parse(line.slice("RESULT ".length)) : null;
      } catch {
        result = null;
      }
      resolve({ code: code ?? (signal ? 128 : 1), result });
    });
  });
}

/**
 * Benchmarks that start `next start` (found, not listed: their source starts it) measure the
 * production build. A fresh clone has none, so one is made first; `all` always makes a new one, so
 * the figures it writes are those of the checked-out code (`--no-build` keeps the existing build).
 * The build replaces .next in place: do not run it while tests use the same checkout.
 */
const needsBuild = (bench: string) => /startNextApp|hasProductionBuild/.test(readFileSync(path.join(dir, `${bench}.ts`), "utf8"));

function ensureBuild(always: boolean): void {
  if (process.argv.includes("--no-build") || (!always && hasProductionBuild())) return;
  console.log(always ? "building the production build (next build) for the benchmarks…" : "no production build yet: running next build first…");
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) {
    console.error(`next build failed (exit ${r.status ?? r.signal}); no benchmark was run`);
    process.exit(1);
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memory_gib: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_1m_at_start: Number(os.loadavg()[0].toFixed(2)),
  };
}

if (name === "all") {
  const quick = process.argv.includes("--quick");
  if (benches.some(needsBuild)) ensureBuild(true);
  const started = new Date();
  const info = machine();
  const results: Record<string, { exit_code: number; seconds: number; result: unknown }> = {};
  for (const bench of benches) {
    console.log(`\n=== bench ${bench} ${"=".repeat(Math.max(0, 60 - bench.length))}\n`);
    const t0 = performance.now();
    const r = await runBench(bench, [], quick ? { BENCH_QUICK: "1" } : {});
    results[bench] = { exit_code: r.code, seconds: Math.round((performance.now() - t0) / 100) / 10, result: r.result };
  }
  const out = { date: started.toISOString(), finished: new Date().toISOString(), quick, machine: info, load_1m_at_end: Number(os.loadavg()[0].toFixed(2)), benches: results };
  const target = path.join(dir, "results");
  if (!existsSync(target)) mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, "latest.json"), `${JSON.stringify(out, null, 2)}\n`);
  console.log("\n=== summary\n");
  for (const [b, r] of Object.entries(results)) console.log(`  ${b.padEnd(12)} ${r.exit_code === 0 && r.result ? "ok    " : "FAILED"} ${String(r.seconds).padStart(7)} s`);
  console.log(`\n  written: bench/results/latest.json (${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB, Node ${info.node})`);
  process.exit(Object.values(results).every((r) => r.exit_code === 0 && r.result) ? 0 : 1);
}

if (!name || !benches.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args] | all [--quick] [--no-build]   (available: ${benches.join(", ")})`);
  process.exit(2);
}
if (needsBuild(name)) ensureBuild(false);
const r = await runBench(name, process.argv.slice(3).filter((a) => a !== "--no-build"), {});
process.exit(r.code);
