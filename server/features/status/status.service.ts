import type { Db } from "@/server/db/client";
import { status as breakerStatus } from "@/server/features/breakers/breakers.service";
import { sendingStatus } from "@/server/features/sending/sending-status";

/** Start of the current UTC day: "today" in the status figures is the UTC calendar day. */
export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Liveness for load balancers and the team: process, database, executor, breakers. No business
 * data. `ok` is false only when the database is down; open breakers make it "degraded".
 */
export async function health(db: Db, opts: { executorUrl?: string; fetch?: typeof fetch } = {}) {
  let database: "ok" | "error" = "ok";
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    database = "error";
  }
  let executor: "ok" | "unreachable" | "not_configured" = "not_configured";
  if (opts.executorUrl) {
    try {
      const res = await (opts.fetch ?? fetch)(opts.executorUrl, { method: "GET", signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer().catch(() => undefined);
      executor = res.status < 500 ? "ok" : "unreachable";
    } catch {
      executor = "unreachable";
    }
  }
  const breakers = database === "ok" ? await breakerStatus(db) : [];
  const open = breakers.filter((b) => b.state !== "CLOSED").map((b) => b.service);
  return {
    ok: database === "ok",
    status: database !== "ok" ? "down" : open.length || executor === "unreachable" ? "degraded" : "ok",
    process: { uptimeSeconds: Math.round(process.uptime()) },
    database,
    executor,
    breakers: Object.fromEntries(breakers.map((b) => [b.service, b.state === "CLOSED" ? "ok" : "degraded"])),
  };
}

/** Queue figures for the team and monitors (needs a session or the status token). */
export async function queueStatus(db: Db, now = new Date()) {
  const today = startOfUtcDay(now);
  const [pending, visitorsToday, enrichedToday, personVisitorsToday, draftsToday, lastIntake, breakers] = await Promise.all([
    db.draft.groupBy({ by: ["tier"], where: { status: { in: ["DRAFTED", "PENDING_REVIEW"] } }, _count: { _all: true } }),
    db.visitor.count({ where: { createdAt: { gte: today } } }),
    db.visitor.count({ where: { createdAt: { gte: today }, isCompanyOnly: false, enrichmentStatus: "COMPLETE" } }),
    db.visitor.count({ where: { createdAt: { gte: today }, isCompanyOnly: false } }),
    db.draft.count({ where: { createdAt: { gte: today } } }),
    db.webhookDelivery.findFirst({ where: { source: "rb2b" }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true } }),
    breakerStatus(db),
  ]);
  const byTier = { HOT: 0, MEDIUM: 0, LOW: 0 } as Record<string, number>;
  for (const p of pending) byTier[p.tier] = p._count._all;
  return {
    asOf: now.toISOString(),
    day: today.toISOString().slice(0, 10),
    pendingDraftsByTier: byTier,
    visitorsToday,
    draftsToday,
    /** Person visitors today with complete enrichment / person visitors today; null when there were none. */
    enrichmentRateToday: personVisitorsToday ? enrichedToday / personVisitorsToday : null,
    breakers: Object.fromEntries(breakers.map((b) => [b.service, { state: b.state, openUntil: b.openUntil }])),
    lastIntakeAt: lastIntake?.receivedAt.toISOString() ?? null,
    /** Sent / auto-approved today vs limits, phase, kill switches, GHL breaker, sends needing review. */
    sending: await sendingStatus(db, now),
  };
}
