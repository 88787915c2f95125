// Worker for the crash-safety hardening suite: `concurrency` async workers send (draftId, time)
// jobs through the one send path. A job with `crash: true` dies between the GHL call and the
// record (fault injection: the hook throws right after the provider accepted the message, so the
// result is never recorded — what a kill -9 at that instant leaves behind). Prints counts.
import { readFileSync } from "node:fs";
import { createDb, prepareDb } from "@/server/db/client";
import { sendDraft } from "@/server/features/sending/sending.service";
import { createGhlClient } from "@/server/integrations/ghl";

class InjectedCrash {}

const [jobsFile, concurrencyArg] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsFile, "utf8")) as { draftId: string; at: number; crash?: boolean }[];
const db = createDb(process.env.DATABASE_URL!);
await prepareDb(db);
const ghl = createGhlClient({ baseUrl: process.env.FAKE_GHL_URL!, token: process.env.FAKE_GHL_TOKEN!, locationId: "loc_test", timeoutMs: 2_000 });
const counts: Record<string, number> = {};
let next = 0;

async function worker() {
  for (;;) {
    const job = jobs[next++];
    if (!job) return;
    let key: string;
    try {
      const r = await sendDraft(db, {
        ghl,
        now: () => new Date(job.at),
        afterProviderCall: () => {
          if (job.crash) throw new InjectedCrash();
        },
      }, job.draftId);
      key = r.kind === "DEFERRED" || r.kind === "BLOCKED" ? `${r.kind}:${r.check}` : r.kind;
    } catch (e) {
      if (!(e instanceof InjectedCrash)) throw e;
      key = "injectedCrash";
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
}
await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
console.log(JSON.stringify(counts));
await db.$disconnect();
