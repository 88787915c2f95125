// Worker: one approver approving every listed draft and, as the router does on approval, releasing
// it into the one send path (GHL sandbox). It also pushes drafts it lost through the send path
// (a duplicate draft/approved event or the sweep would), so only the claim stands between a race
// and a second e-mail. Each draft gets its own clock (`baseMs + i * 31 s`) so the 30-second gap
// between sends never defers one. Prints what it saw.
import { createDb, prepareDb } from "@/server/db/client";
import { DomainError } from "@/server/domain/errors";
import { decide } from "@/server/features/approvals/approvals.service";
import { releaseApproved } from "@/server/features/sending/sending.service";
import { createSandboxGhl } from "@/server/integrations/ghl";

const [actorId, baseArg, ...draftIds] = process.argv.slice(2);
const base = Number(baseArg);
const db = createDb(process.env.DATABASE_URL!);
await prepareDb(db);
const ghl = createSandboxGhl(db);
const actor = { id: actorId, name: `w-${actorId}`, email: "w@x", role: "APPROVER" as const };
let won = 0;
let conflicts = 0;
const sends: Record<string, number> = {};
for (const [i, draftId] of draftIds.entries()) {
  const now = () => new Date(base + i * 31_000);
  const release = async (id: string) => {
    const r = await releaseApproved(db, { ghl, now }, id, actorId);
    const key = r.kind === "SENT" ? (r.alreadySent ? "SENT_BEFORE" : "SENT") : r.kind;
    sends[key] = (sends[key] ?? 0) + 1;
  };
  try {
    await decide(db, actor, { draftId, version: 0 }, { kind: "APPROVE" }, { onApproved: release });
    won++;
  } catch (e) {
    if (!(e instanceof DomainError) || e.code !== "CONFLICT") throw e;
    conflicts++;
    await release(draftId);
  }
}
console.log(JSON.stringify({ won, conflicts, sends }));
await db.$disconnect();
