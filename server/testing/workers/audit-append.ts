// Worker: appends N audit entries to the database at DATABASE_URL as fast as it can.
import { createDb, prepareDb } from "@/server/db/client";
import { record } from "@/server/features/audit/audit.service";

const [tag, countArg] = process.argv.slice(2);
const db = createDb(process.env.DATABASE_URL!);
await prepareDb(db);
for (let i = 0; i < Number(countArg); i++) {
  await record(db, { actorType: "AGENT", agent: "SCOUT", action: "test.append", decision: "INFO", subjectId: `${tag}-${i}`, evidence: { i } });
}
await db.$disconnect();
