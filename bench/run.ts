// `npm run bench -- NAME [args]`: runs bench/NAME.ts in its own process (each prints a readable
// table and a last line `RESULT {...}`). A benchmark either runs at import or exports `main()`.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const name = process.argv[2];
const dir = import.meta.dirname;
const available = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_")).map((f) => f.replace(/\.ts$/, ""));
if (!name || !existsSync(path.join(dir, `${name}.ts`))) {
  console.error(`usage: npm run bench -- NAME   (available: ${available.join(", ")})`);
  process.exit(2);
}
const entry = `const m = await import(${JSON.stringify(path.join(dir, `${name}.ts`))}); if (typeof m.main === "function") await m.main(); process.exit(0);`;
// With -e the script's own arguments start at argv[1]; put the bench's path there so every
// benchmark reads its arguments from process.argv[2] on, as if it had been run directly.
const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", entry, "--", path.join(dir, `${name}.ts`), ...process.argv.slice(3)], {
  stdio: "inherit",
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
});
process.exit(r.status ?? 1);
