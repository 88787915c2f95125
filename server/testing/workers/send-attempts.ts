// Worker process for the send-path concurrency property test and the guardrail benchmark:
// runs `concurrency` async workers that take (draftId, time) jobs from a file and send each
// through the one send path with the injected clock. With CRASH_AFTER=n the process SIGKILLs
// itself right after the n-th provider success, before the result is recorded.
import { readFileSync } from "node:fs";
import { createDb, prepareDb } from "@/server/db/client";
import { sendDraft } from "@/server/features/sending/sending.service";
import { createGhlClient } from "@/server/integrations/ghl";

const [jobsFile, concurrencyArg] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf8")) as { draftId: string; at: number }[];
const concurrency = Number(concurrencyArg);
const crashAfter = Number(process.env.CRASH_AFTER ?? "0");

const db = createDb(process.env.DATABASE_URL!);
await prepareDb(db);
const ghl = createGhlClient({ baseUrl: process.env.FAKE_GHL_URL!, token: process.env.FAKE_GHL_TOKEN!, locationId: "loc_test", timeoutMs: Number(process.env.GHL_TIMEOUT_MS ?? "5000") });
let providerSuccesses = 0;
const counts: Record<string, number> = {};
let next = 0;

async function worker() {
  for (;;) {
    const job = jobs[next++];
    if (!job) return;
    const r = await sendDraft(db, {
      ghl,
      now: () => new Date(job.at),
      afterProviderCall: () => {
        if (crashAfter > 0 && ++providerSuccesses >= crashAfter) process.kill(process.pid, "SIGKILL");
      },
    }, job.draftId);
    const key = r.kind === "DEFERRED" || r.kind === "BLOCKED" ? `${r.kind}:${r.check}` : r.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
console.log(JSON.stringify(counts));
await db.$disconnect();
