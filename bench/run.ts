// `npm run bench -- <name>`: runs bench/<name>.ts (each prints a table and a last RESULT line).
import { readdirSync } from "node:fs";
import path from "node:path";

const name = process.argv[2];
const available = readdirSync(import.meta.dirname).filter((f) => f.endsWith(".ts") && f !== "run.ts").map((f) => f.replace(/\.ts$/, ""));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join("|")}>`);
  process.exit(2);
}
process.env.LOG_LEVEL ??= "silent";

const mod = (await import(path.join(import.meta.dirname, `${name}.ts`))) as { main: () => Promise<void> };
await mod.main();
process.exit(0);
