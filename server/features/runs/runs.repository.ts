import type { Db } from "@/server/db/client";

const runSelect = { id: true, functionId: true, status: true, attempts: true, createdAt: true, startedAt: true, endedAt: true } as const;

export function listRuns(db: Db, q: { cursor?: string | null; limit: number; status?: string; functionId?: string }) {
  return db.execRun.findMany({
    where: { status: q.status, functionId: q.functionId, ...(q.cursor ? { id: { lt: q.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: q.limit + 1,
    select: runSelect,
  });
}

export function functionIds(db: Db) {
  return db.execFunction.findMany({ select: { id: true }, orderBy: { id: "asc" } });
}

export function findRun(db: Db, id: string) {
  return db.execRun.findUnique({ where: { id }, select: { ...runSelect, eventId: true, output: true, error: true } });
}

export function stepsOf(db: Db, runId: string) {
  return db.execStep.findMany({
    where: { runId },
    orderBy: [{ seq: "asc" }, { startedAt: "asc" }],
    select: { stepId: true, name: true, op: true, status: true, attempts: true, data: true, error: true, startedAt: true, endedAt: true },
  });
}

export function pendingOf(db: Db, runId: string) {
  return db.execQueueItem.findMany({ where: { runId }, orderBy: { availableAt: "asc" }, select: { kind: true, stepId: true, attempt: true, availableAt: true } });
}

export function findEvent(db: Db, id: string) {
  return db.execEvent.findUnique({ where: { id }, select: { name: true, payload: true } });
}
