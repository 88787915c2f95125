import type { Db } from "@/server/db/client";

// The pipeline's request, callback and settle writes are plain SQL on the SqliteWriter (enrichment.sql.ts).

export async function callbackStats(db: Db, since: Date) {
  const groups = await db.enrichmentRequest.groupBy({ by: ["status"], where: { requestedAt: { gte: since } }, _count: { _all: true } });
  const last = await db.enrichmentRequest.findFirst({ where: { status: "COMPLETED" }, orderBy: { completedAt: "desc" }, select: { completedAt: true } });
  return { byStatus: Object.fromEntries(groups.map((g) => [g.status, g._count._all])) as Record<string, number>, lastCallbackAt: last?.completedAt ?? null };
}
