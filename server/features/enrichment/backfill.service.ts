import type { Db } from "@/server/db/client";
import * as settings from "@/server/features/settings/settings.service";
import * as repo from "./backfill.repository";

/**
 * Starts a backfill run: visitors marked `needsBackfill` (oldest first, up to the batch size).
 * Visitors that already used up their attempts are given up on (enrichment FAILED, no longer
 * queued) so one bad row cannot keep every run busy forever.
 */
export async function startRun(db: Db, opts: { trigger: "cron" | "manual"; limit?: number; now?: Date }) {
  const now = opts.now ?? new Date();
  const cfg = await settings.get(db, "enrichmentBackfill");
  const limit = Math.min(opts.limit ?? cfg.batchSize, cfg.batchSize * 4);
  // One run at a time: a run still going (started within the hour) makes this one a no-op.
  const running = await db.backfillRun.findFirst({ where: { status: "RUNNING", startedAt: { gte: new Date(now.getTime() - 3600_000) } }, select: { id: true } });
  if (running) return { runId: null, visitorIds: [] as string[], givenUp: 0, busy: true };
  const givenUp = await db.visitor.updateMany({
    where: { needsBackfill: true, enrichmentAttempts: { gte: cfg.maxAttempts } },
    data: { needsBackfill: false, enrichmentStatus: "FAILED" },
  });
  const visitors = await db.visitor.findMany({
    where: { needsBackfill: true, isCompanyOnly: false, erasedAt: null },
    orderBy: { updatedAt: "asc" },
    take: limit,
    select: { id: true },
  });
  if (visitors.length === 0 && opts.trigger === "cron") return { runId: null, visitorIds: [] as string[], givenUp: givenUp.count, busy: false };
  const run = await db.backfillRun.create({
    data: { trigger: opts.trigger, total: visitors.length, startedAt: now, note: givenUp.count ? `${givenUp.count} visitor(s) given up after ${cfg.maxAttempts} attempts` : null },
    select: { id: true },
  });
  if (visitors.length === 0) await repo.finishRun(db, run.id, "COMPLETED", "nothing to backfill", now);
  return { runId: run.id, visitorIds: visitors.map((v) => v.id), givenUp: givenUp.count, busy: false };
}

/** A push that never reached Clay (breaker open or push failed) still counts as processed. */
export function countPushOutcome(db: Db, runId: string, ok: boolean) {
  return repo.countOutcome(db, runId, ok);
}

export function finishRun(db: Db, runId: string, status: "COMPLETED" | "PAUSED" | "FAILED", note: string | null, now = new Date()) {
  return repo.finishRun(db, runId, status, note, now);
}

/** Recent runs with their progress, newest first (for the UI). */
export async function recentRuns(db: Db, limit = 10) {
  const [runs, waiting] = await Promise.all([
    repo.listRuns(db, limit),
    db.visitor.count({ where: { needsBackfill: true, erasedAt: null } }),
  ]);
  return {
    waiting,
    runs: runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null })),
  };
}
