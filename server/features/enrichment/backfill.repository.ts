import type { Db } from "@/server/db/client";

export function countOutcome(db: Db, runId: string, ok: boolean) {
  return db.backfillRun.update({
    where: { id: runId },
    data: { processed: { increment: 1 }, ...(ok ? { succeeded: { increment: 1 } } : { failed: { increment: 1 } }) },
    select: { id: true },
  });
}

export function finishRun(db: Db, runId: string, status: "COMPLETED" | "PAUSED" | "FAILED", note: string | null, now: Date) {
  return db.backfillRun.update({ where: { id: runId }, data: { status, note, finishedAt: now }, select: { id: true } });
}

export function listRuns(db: Db, limit: number) {
  return db.backfillRun.findMany({
    orderBy: { startedAt: "desc" },
    take: limit,
    select: { id: true, trigger: true, status: true, total: true, processed: true, succeeded: true, failed: true, note: true, startedAt: true, finishedAt: true },
  });
}
