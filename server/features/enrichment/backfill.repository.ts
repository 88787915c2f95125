import type { Db } from "@/server/db/client";

/**
 * Recomputes a run's progress from its enrichment requests (one per visitor and run) instead of
 * incrementing counters, so a workflow step that is retried cannot count a visitor twice.
 * A request counts once it has left PENDING; COMPLETED is a success, anything else a failure.
 */
export async function recount(db: Db, runId: string) {
  const groups = await db.enrichmentRequest.groupBy({ by: ["status"], where: { backfillRunId: runId }, _count: { _all: true } });
  const by = Object.fromEntries(groups.map((g) => [g.status, g._count._all])) as Record<string, number>;
  const processed = Object.entries(by).filter(([s]) => s !== "PENDING").reduce((a, [, n]) => a + n, 0);
  const succeeded = by.COMPLETED ?? 0;
  return db.backfillRun.update({ where: { id: runId }, data: { processed, succeeded, failed: processed - succeeded }, select: { id: true } });
}

export function findByOrigin(db: Db, originKey: string) {
  return db.backfillRun.findUnique({ where: { originKey }, select: { id: true, visitorIds: true } });
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
