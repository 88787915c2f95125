import type { Db } from "@/server/db/client";
import { waitFor } from "./harness";

const DONE = ["COMPLETED", "FAILED", "CANCELLED"];

/** Waits until the run(s) of a function reach a final status; returns them oldest first. */
export async function finishedRuns(db: Db, functionId: string, count = 1, timeoutMs = 20_000) {
  return waitFor(async () => {
    const runs = await db.execRun.findMany({ where: { functionId }, orderBy: { id: "asc" } });
    return runs.length >= count && runs.every((r) => DONE.includes(r.status)) ? runs : undefined;
  }, timeoutMs, `${count} finished run(s) of ${functionId}`);
}

export async function stepsOf(db: Db, runId: string) {
  const rows = await db.execStep.findMany({ where: { runId }, orderBy: { seq: "asc" } });
  return Object.fromEntries(rows.map((r) => [r.name, r]));
}
