// Worker: one approver trying to approve every listed draft; prints how many it won.
import { createDb, prepareDb } from "@/server/db/client";
import { DomainError } from "@/server/domain/errors";
import { decide } from "@/server/features/approvals/approvals.service";

const [actorId, ...draftIds] = process.argv.slice(2);
const db = createDb(process.env.DATABASE_URL!);
await prepareDb(db);
let won = 0;
let conflicts = 0;
for (const draftId of draftIds) {
  try {
    await decide(db, { id: actorId, name: "w", email: "w@x", role: "APPROVER" }, { draftId, version: 0 }, { kind: "APPROVE" });
    won++;
  } catch (e) {
    if (e instanceof DomainError && e.code === "CONFLICT") conflicts++;
    else throw e;
  }
}
console.log(JSON.stringify({ won, conflicts }));
await db.$disconnect();
