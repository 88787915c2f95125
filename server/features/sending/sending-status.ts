import type { Db } from "@/server/db/client";
import { AUTO_APPROVE_DAILY_CAP } from "@/server/domain/autonomy";
import { HARD_LIMITS } from "@/server/domain/phases";
import { AUTO_APPROVE_KEY, dayKey, hourKey, monthKey } from "@/server/domain/send-limits";
import { status as breakerStatus } from "@/server/features/breakers/breakers.service";
import { getMany, effectiveKillSwitches } from "@/server/features/settings/settings.service";
import { env } from "@/server/env";

/**
 * Sending at a glance for GET /api/queue-status and the dashboard: what went out today against
 * every limit, auto-approvals against the phase cap, the switches, the GHL breaker and the sends
 * waiting for a person. Counts come from the same counters the claim enforces.
 */
export async function sendingStatus(db: Db, now = new Date()) {
  const s = await getMany(db, ["phase", "phaseDailyLimits", "killSwitches"] as const);
  const keys = { month: `send:month:${monthKey(now)}`, day: `send:day:${dayKey(now)}`, hour: `send:hour:${hourKey(now)}`, auto: AUTO_APPROVE_KEY(now) };
  const rows = await db.limitCounter.findMany({ where: { key: { in: Object.values(keys) } }, select: { key: true, count: true } });
  const count = (k: string) => rows.find((r) => r.key === k)?.count ?? 0;
  const [needsReview, claimed, pendingReview] = await Promise.all([
    db.send.count({ where: { status: "NEEDS_REVIEW" } }),
    db.send.count({ where: { status: "CLAIMED" } }),
    db.draft.count({ where: { status: "PENDING_REVIEW" } }),
  ]);
  const ghl = (await breakerStatus(db)).find((b) => b.service === "ghl");
  const e = env();
  return {
    phase: s.phase,
    mode: e.GHL_API_TOKEN && e.GHL_LOCATION_ID ? ("LIVE" as const) : ("SANDBOX" as const),
    sent: {
      today: count(keys.day),
      thisHour: count(keys.hour),
      thisMonth: count(keys.month),
      limits: { phaseDaily: Math.min(s.phaseDailyLimits[s.phase], HARD_LIMITS.daily), ...HARD_LIMITS },
    },
    autoApproved: { today: count(keys.auto), cap: AUTO_APPROVE_DAILY_CAP[s.phase] },
    killSwitches: effectiveKillSwitches(s.killSwitches),
    ghlBreaker: ghl ?? null,
    sends: { needsReview, inFlight: claimed },
    pendingReview,
    windows: "fixed UTC windows (hour/day/month); at least 30 s between sends",
  };
}
