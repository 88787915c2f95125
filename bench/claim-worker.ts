// One benchmark process: `concurrency` async workers running guarded send claims (no provider call).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDb, prepareDb } from "@/server/db/client";
import { claimSend } from "@/server/features/sending/claim";

const [jobsFile, concurrencyArg, barrierDir] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf8")) as { draftId: string; email: string; at: number }[];
const db = createDb(process.env.DATABASE_URL!);
await prepareDb(db);
// Start-up (tsx, imports, connections) is not claim time: report ready, then wait for "go".
if (barrierDir) {
  writeFileSync(path.join(barrierDir, `ready-${process.pid}`), "");
  while (!existsSync(path.join(barrierDir, "go"))) await new Promise((r) => setTimeout(r, 2));
}
let next = 0;
const counts: Record<string, number> = {};
const started = performance.now();
await Promise.all(Array.from({ length: Number(concurrencyArg) }, async () => {
  for (;;) {
    const job = jobs[next++];
    if (!job) return;
    const r = await claimSend(db, { draftId: job.draftId, email: job.email, providerMode: "SANDBOX", now: new Date(job.at) });
    const key = r.kind === "BLOCKED" ? `blocked:${r.check}` : r.kind.toLowerCase();
    counts[key] = (counts[key] ?? 0) + 1;
    await new Promise<void>((res) => setImmediate(res));
  }
}));
console.log(JSON.stringify({ counts, ms: performance.now() - started }));
await db.$disconnect();
