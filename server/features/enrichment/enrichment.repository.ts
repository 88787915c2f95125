import type { Db } from "@/server/db/client";

export function visitorForPush(db: Db, visitorId: string) {
  return db.visitor.findUnique({
    where: { id: visitorId },
    select: { id: true, linkedinUrl: true, email: true, firstName: true, lastName: true, title: true, companyName: true, companyDomain: true, erasedAt: true },
  });
}

export async function createRequest(db: Db, data: { visitorId: string; status: string; reason?: string; backfillRunId?: string | null; now: Date }) {
  return db.$transaction(async (tx) => {
    const req = await tx.enrichmentRequest.create({
      data: { visitorId: data.visitorId, status: data.status, reason: data.reason ?? null, backfillRunId: data.backfillRunId ?? null, requestedAt: data.now },
      select: { id: true },
    });
    await tx.visitor.update({
      where: { id: data.visitorId },
      data: data.status === "PENDING"
        ? { enrichmentStatus: "PENDING", enrichmentAttempts: { increment: 1 } }
        : { enrichmentStatus: "PARTIAL", needsBackfill: true },
      select: { id: true },
    });
    return req;
  });
}

/** Moves a request out of PENDING/TIMED_OUT (conditional: only the first outcome wins). */
export async function finish(db: Db, id: string, data: { status: "COMPLETED" | "FAILED" | "TIMED_OUT"; reason?: string | null; result?: string | null; now: Date }) {
  const from = data.status === "TIMED_OUT" ? ["PENDING"] : ["PENDING", "TIMED_OUT"];
  return db.$transaction(async (tx) => {
    const moved = await tx.enrichmentRequest.updateMany({
      where: { id, status: { in: from } },
      data: { status: data.status, reason: data.reason ?? null, result: data.result ?? undefined, completedAt: data.status === "TIMED_OUT" ? null : data.now },
    });
    const req = await tx.enrichmentRequest.findUnique({ where: { id }, select: { id: true, visitorId: true, status: true, backfillRunId: true } });
    if (!req || moved.count === 0) return { moved: false as const, req };
    const visitorData = data.status === "COMPLETED"
      ? { enrichmentStatus: "COMPLETE", needsBackfill: false, lastEnrichedAt: data.now }
      : { enrichmentStatus: "PARTIAL", needsBackfill: true };
    await tx.visitor.update({ where: { id: req.visitorId }, data: visitorData, select: { id: true } });
    return { moved: true as const, req };
  });
}

/** Fills the visitor's e-mail from Clay when RB2B had none (the send path needs a recipient). */
export function fillEmail(db: Db, visitorId: string, email: string) {
  return db.visitor.updateMany({ where: { id: visitorId, email: null }, data: { email } });
}

export function findRequest(db: Db, id: string) {
  return db.enrichmentRequest.findUnique({ where: { id }, select: { id: true, visitorId: true, status: true, backfillRunId: true } });
}

export async function callbackStats(db: Db, since: Date) {
  const groups = await db.enrichmentRequest.groupBy({ by: ["status"], where: { requestedAt: { gte: since } }, _count: { _all: true } });
  const last = await db.enrichmentRequest.findFirst({ where: { status: "COMPLETED" }, orderBy: { completedAt: "desc" }, select: { completedAt: true } });
  return { byStatus: Object.fromEntries(groups.map((g) => [g.status, g._count._all])) as Record<string, number>, lastCallbackAt: last?.completedAt ?? null };
}
