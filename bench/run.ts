// Benchmark dispatcher: `npm run bench -- NAME` runs bench/NAME.ts (each prints a table and a last
// line `RESULT {...}`).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const name = process.argv[2];
const dir = import.meta.dirname;
const available = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run.ts").map((f) => f.replace(/\.ts$/, ""));
if (!name || !existsSync(path.join(dir, `${name}.ts`))) {
  console.error(`usage: npm run bench -- NAME   (available: ${available.join(", ")})`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--import", "tsx", path.join(dir, `${name}.ts`), ...process.argv.slice(3)], { stdio: "inherit" });
process.exit(r.status ?? 1);
