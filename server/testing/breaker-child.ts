// A separate OS process acting on a breaker (used by breakers.service.test.ts to prove the state
// is shared through the database, not held in memory). Usage:
//   tsx server/testing/breaker-child.ts <sqlite-url> <acquire|success|failure> <service> <nowIso> [count]
import { createDb, prepareDb } from "@/server/db/client";
import { acquire, recordFailure, recordSuccess, type BreakerService } from "@/server/features/breakers/breakers.service";

const [url, op, service, nowIso, count = "1"] = process.argv.slice(2);
const db = createDb(url);
await prepareDb(db);
const now = new Date(nowIso);
const out: unknown[] = [];
for (let i = 0; i < Number(count); i++) {
  if (op === "acquire") out.push(await acquire(db, service as BreakerService, now));
  else if (op === "success") out.push(await recordSuccess(db, service as BreakerService, now));
  else if (op === "failure") out.push(await recordFailure(db, service as BreakerService, now, "boom from child"));
  else throw new Error(`unknown op ${op}`);
}
await db.$disconnect();
process.stdout.write(JSON.stringify(out));
