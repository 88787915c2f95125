import { domainHealth, rate, type DomainHealthInput } from "./metrics";
import { percent as pct } from "./text";

/**
 * Metric monitors (DESIGN.md §4 metric breakers, §8 formula, §10 sending domains). Pure: callers
 * pass counts over the monitor's window. A monitor trips at most once per incident; only an
 * approver closes an incident, and after that the monitor judges only data that arrived after
 * the close (the caller moves the window start), so a resume is not undone by the very figures
 * that caused the pause.
 */
export const MONITOR_THRESHOLDS = {
  /** §4: reply rate < 3 % over 24 h pauses sending. */
  replyRateMin: 0.03,
  replyRateWindowMs: 24 * 3_600_000,
  /**
   * The rate is that of the sends of a 24 h window ending this long ago: a send of the last hours
   * has not had its chance to be answered yet. Judging those too paused sending on a campaign's
   * first morning, and again ~20 sends after every resume, on replies that could not have come yet.
   */
  replyRateGraceMs: 4 * 3_600_000,
  /** Fewer delivered sends than this say nothing about a rate: no verdict. */
  replyRateMinSample: 20,
  /** §4: domain health < 50 pauses sending with an emergency alert. Judged over 7 days (health is a slow figure). */
  domainHealthMin: 50,
  domainHealthWindowMs: 7 * 24 * 3_600_000,
  domainHealthMinSample: 20,
  /** §10: bounce rate > 2 % or any spam complaint pauses that sending domain. */
  bounceRateMax: 0.02,
  sendingDomainWindowMs: 24 * 3_600_000,
  /** One bounce among a handful of sends is noise, not a rate; any complaint counts however few the sends. */
  bounceMinSample: 10,
} as const;

export type MonitorName = "reply-rate" | "domain-health" | "sending-domain";

export interface MonitorVerdict {
  trip: boolean;
  /** The figure judged (a rate 0-1 or a health score), null when there is too little data. */
  value: number | null;
  reason: string;
}

/** `replies`: how many of the window's `delivered` sends a person answered (whenever the answer came). */
export function replyRateVerdict(m: { delivered: number; replies: number }, t = MONITOR_THRESHOLDS): MonitorVerdict {
  const r = rate(m.replies, m.delivered);
  const hours = t.replyRateGraceMs / 3_600_000;
  if (r === null || m.delivered < t.replyRateMinSample) {
    return { trip: false, value: r, reason: `${m.delivered} sends older than ${hours} h in the window (need ${t.replyRateMinSample} to judge the reply rate)` };
  }
  if (r < t.replyRateMin) return { trip: true, value: r, reason: `reply rate ${pct(r)} over 24 h (sends older than ${hours} h) is below ${pct(t.replyRateMin)} (${m.replies} replied / ${m.delivered} sends)` };
  return { trip: false, value: r, reason: `reply rate ${pct(r)} is at or above ${pct(t.replyRateMin)}` };
}

export function domainHealthVerdict(m: DomainHealthInput, t = MONITOR_THRESHOLDS): MonitorVerdict & { adjustments: { reason: string; points: number }[] } {
  const h = domainHealth(m);
  if (h.score === null || m.delivered < t.domainHealthMinSample) {
    return { trip: false, value: h.score, adjustments: h.adjustments, reason: `${m.delivered} sends in the window (need ${t.domainHealthMinSample} to judge domain health)` };
  }
  const why = h.adjustments.map((a) => `${a.reason} (${a.points > 0 ? "+" : ""}${a.points})`).join(", ");
  if (h.score < t.domainHealthMin) {
    return { trip: true, value: h.score, adjustments: h.adjustments, reason: `domain health ${h.score} is below ${t.domainHealthMin}: ${why}` };
  }
  return { trip: false, value: h.score, adjustments: h.adjustments, reason: `domain health ${h.score}` };
}

/** The bounce rate is over everything sent from the domain (a bounce is a send that was not delivered). */
export function sendingDomainVerdict(m: { sent: number; bounces: number; complaints: number }, t = MONITOR_THRESHOLDS): MonitorVerdict {
  if (m.complaints > 0) return { trip: true, value: rate(m.bounces, m.sent), reason: `${m.complaints} spam complaint${m.complaints === 1 ? "" : "s"} in 24 h` };
  const b = rate(m.bounces, m.sent);
  if (b === null || m.sent < t.bounceMinSample) {
    return { trip: false, value: b, reason: `${m.sent} sends in the window (need ${t.bounceMinSample} to judge the bounce rate)` };
  }
  if (b > t.bounceRateMax) return { trip: true, value: b, reason: `bounce rate ${pct(b)} over 24 h is above ${pct(t.bounceRateMax)} (${m.bounces} / ${m.sent})` };
  return { trip: false, value: b, reason: `bounce rate ${pct(b)}, no complaints` };
}

/** Where a monitor's window starts: its length back from now, but never before the last approver close. */
export function windowStart(now: Date, windowMs: number, lastResolvedAt: Date | null): Date {
  const from = now.getTime() - windowMs;
  return new Date(lastResolvedAt ? Math.max(from, lastResolvedAt.getTime()) : from);
}

/** What the monitor does this tick: open an incident (pause + one alert) only when tripped and none is open. */
export function monitorAction(verdict: MonitorVerdict, incidentOpen: boolean): "OPEN_INCIDENT" | "NONE" {
  return verdict.trip && !incidentOpen ? "OPEN_INCIDENT" : "NONE";
}
