import type { Db } from "@/server/db/client";
import type { GateSnapshot } from "@/server/domain/gates";
import { PHASES, phaseIndex, type Phase } from "@/server/domain/phases";
import { addTotals, delivered, EMPTY_TOTALS, SCORECARDS, type Totals } from "@/server/domain/scorecards";
import { domainHealth, rate } from "@/server/domain/metrics";
import { env } from "@/server/env";
import { health } from "@/server/features/status/status.service";
import * as metricsRepo from "@/server/features/metrics/metrics.repository";
import { dayKey } from "@/server/features/metrics/metrics.service";

const DAY_MS = 86_400_000;

async function totals(db: Db, from: Date, to: Date): Promise<{ totals: Totals; days: { day: string; t: Totals }[] }> {
  const rows = await metricsRepo.daysBetween(db, dayKey(from), dayKey(to));
  const days = rows.map((r) => ({ day: r.day, t: addTotals(EMPTY_TOTALS, r) }));
  return { totals: days.reduce((a, d) => addTotals(a, d.t), EMPTY_TOTALS), days };
}

const health100 = (t: Totals) => domainHealth({ delivered: delivered(t), bounces: t.bounces, complaints: t.complaints, opens: t.opens, replies: t.replies }).score;
const value = (key: string, t: Totals, days: number) => SCORECARDS.find((c) => c.key === key)!.value(t, days);

export interface PhaseHistory {
  phase: Phase;
  since: Date;
  /** When the system last moved up into "assisted" and has stayed at or above it since. */
  assistedSince: Date | null;
}

/** Current phase and how long it has held, from the audited transitions. */
export async function phaseHistory(db: Db, current: Phase, now: Date): Promise<PhaseHistory> {
  const transitions = await db.phaseTransition.findMany({ orderBy: { createdAt: "asc" }, select: { toPhase: true, createdAt: true } });
  const last = transitions[transitions.length - 1];
  let assistedSince: Date | null = null;
  for (const t of transitions) {
    const atOrAbove = phaseIndex(t.toPhase as Phase) >= phaseIndex("assisted");
    if (atOrAbove && !assistedSince) assistedSince = t.createdAt;
    if (!atOrAbove) assistedSince = null;
  }
  if (phaseIndex(current) < phaseIndex("assisted")) assistedSince = null;
  const firstUser = await db.user.findFirst({ orderBy: { createdAt: "asc" }, select: { createdAt: true } });
  return { phase: current, since: last?.createdAt ?? firstUser?.createdAt ?? now, assistedSince };
}

/** Everything the gates look at, computed live from the roll-ups, the health check and the phase history. */
export async function gateSnapshot(db: Db, h: PhaseHistory, now = new Date()): Promise<GateSnapshot> {
  const last30 = await totals(db, new Date(now.getTime() - 29 * DAY_MS), now);
  const week1 = await totals(db, new Date(now.getTime() - 13 * DAY_MS), new Date(now.getTime() - 7 * DAY_MS));
  const week2 = await totals(db, new Date(now.getTime() - 6 * DAY_MS), now);
  const last14 = await totals(db, new Date(now.getTime() - 13 * DAY_MS), now);
  const beforePhase = await totals(db, new Date(h.since.getTime() - 7 * DAY_MS), h.since);
  const weekly = [week1.totals, week2.totals].map((t) => rate(t.replies, delivered(t)));
  const dailyHealth = last14.days.map((d) => health100(d.t)).filter((v): v is number => v !== null);
  let pipelineGrowth: number | null = null;
  if (h.assistedSince) {
    const base = await totals(db, new Date(h.assistedSince.getTime() - 30 * DAY_MS), h.assistedSince);
    pipelineGrowth = base.totals.pipelineValue > 0 ? last30.totals.pipelineValue / base.totals.pipelineValue - 1 : null;
  }
  const errors48h = await db.send.count({ where: { status: { in: ["FAILED", "NEEDS_REVIEW"] }, claimedAt: { gte: new Date(now.getTime() - 2 * DAY_MS) } } });
  const h2 = await health(db, { executorUrl: env().INNGEST_BASE_URL ? `${env().INNGEST_BASE_URL}/health` : undefined });
  return {
    systemHealthy: h2.status === "ok",
    enrichmentRate: value("enrichmentRate", last30.totals, 30),
    emailQuality: value("emailQuality", last30.totals, 30),
    replyRate: value("replyRate", last30.totals, 30),
    replyRateSustained: weekly.some((w) => w === null) ? null : Math.min(...(weekly as number[])),
    sendErrors48h: errors48h,
    overrideRate: value("overrideRate", last30.totals, 30),
    domainHealth: health100(last30.totals),
    domainHealthMin14d: dailyHealth.length ? Math.min(...dailyHealth) : null,
    domainHealthAtPhaseStart: health100(beforePhase.totals),
    daysSinceAssistedBegan: h.assistedSince ? (now.getTime() - h.assistedSince.getTime()) / DAY_MS : null,
    daysStableInPhase: (now.getTime() - h.since.getTime()) / DAY_MS,
    pipelineGrowth,
  };
}

export const nextPhase = (p: Phase): Exclude<Phase, "parallel"> | null =>
  (PHASES[phaseIndex(p) + 1] as Exclude<Phase, "parallel"> | undefined) ?? null;
