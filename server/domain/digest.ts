import { TZDate } from "@date-fns/tz";
import { getISOWeek, getISOWeekYear } from "date-fns";
import { rate } from "./metrics";

/**
 * The weekly digest's rules (issue #7 item 7): when it is due, which week it covers, which
 * figures are anomalies and which one-click actions it proposes. Pure: callers pass counts.
 */
export interface DigestSchedule {
  timeZone: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  hour: number;
}


/**
 * Where `now` falls for the schedule: the ISO week key in the digest's time zone, whether this
 * week's digest is due (the scheduled weekday and hour have passed in that zone — later in the week
 * catches up a missed run), and the period it covers: the 7 local days before the scheduled day.
 */
export function digestWindow(now: Date, s: DigestSchedule): { weekKey: string; due: boolean; periodStart: Date; periodEnd: Date } {
  const local = new TZDate(now.getTime(), s.timeZone);
  const isoDay = local.getDay() === 0 ? 7 : local.getDay();
  const weekKey = `${getISOWeekYear(local)}-W${String(getISOWeek(local)).padStart(2, "0")}`;
  const due = isoDay > s.weekday || (isoDay === s.weekday && local.getHours() >= s.hour);
  // Midnight (local) of the scheduled weekday of this ISO week; built from local calendar fields so DST is respected.
  const scheduled = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - (isoDay - s.weekday), 0, 0, 0, s.timeZone);
  const prior = new TZDate(scheduled.getFullYear(), scheduled.getMonth(), scheduled.getDate() - 7, 0, 0, 0, s.timeZone);
  return { weekKey, due, periodStart: new Date(prior.getTime()), periodEnd: new Date(scheduled.getTime()) };
}

export interface Trend {
  current: number | null;
  previous: number | null;
  /** current - previous (rates: in points of the rate), null without both. */
  change: number | null;
}

export function trend(current: number | null, previous: number | null): Trend {
  return { current, previous, change: current !== null && previous !== null ? current - previous : null };
}

export interface WeekFigures {
  sent: number;
  delivered: number;
  replies: number;
  positiveReplies: number;
  bounces: number;
  complaints: number;
  sendErrors: number;
}

export interface DigestState {
  current: WeekFigures;
  previous: WeekFigures;
  sendingPaused: { on: boolean; by: string | null };
  pausedDomains: { domain: string; incidentId: string | null; reason: string }[];
  openIncidents: { id: string; monitor: string; reason: string }[];
  pendingReviews: number;
  oldestReviewHours: number | null;
  failedAlerts: number;
  flaggedTemplates: { templateId: string; name: string; flagReason: string | null }[];
  /** Active, unflagged templates with their week's figures (for pause proposals). */
  templates: { templateId: string; name: string; sent: number; replies: number; positive: number }[];
}

/** A comparison is only meaningful with enough sends on both sides. */
const MIN_COMPARABLE = 20;

export function anomalies(s: DigestState): string[] {
  const out: string[] = [];
  const rNow = rate(s.current.replies, s.current.delivered);
  const rPrev = rate(s.previous.replies, s.previous.delivered);
  if (rNow !== null && rPrev !== null && s.current.delivered >= MIN_COMPARABLE && s.previous.delivered >= MIN_COMPARABLE && rPrev > 0 && rNow <= rPrev / 2) {
    out.push(`Reply rate halved: ${(rNow * 100).toFixed(1)} % this week vs ${(rPrev * 100).toFixed(1)} % the week before.`);
  }
  if (s.current.complaints > 0) out.push(`${s.current.complaints} spam complaint${s.current.complaints === 1 ? "" : "s"} this week.`);
  const bounce = rate(s.current.bounces, s.current.sent);
  if (bounce !== null && bounce > 0.02) out.push(`Bounce rate ${(bounce * 100).toFixed(1)} % (above 2 %).`);
  if (s.current.sendErrors > 0) out.push(`${s.current.sendErrors} send error${s.current.sendErrors === 1 ? "" : "s"} this week (failed, or needing review when they happened).`);
  if (s.sendingPaused.on) out.push(`Sending is paused${s.sendingPaused.by ? ` (by ${s.sendingPaused.by})` : ""}.`);
  for (const d of s.pausedDomains) out.push(`Sending domain ${d.domain} is paused: ${d.reason}.`);
  for (const i of s.openIncidents) if (i.monitor !== "sending-domain") out.push(`Open ${i.monitor} incident: ${i.reason}.`);
  if (s.oldestReviewHours !== null && s.oldestReviewHours >= 24) out.push(`A review has been waiting ${s.oldestReviewHours} h.`);
  if (s.failedAlerts > 0) out.push(`${s.failedAlerts} alert${s.failedAlerts === 1 ? "" : "s"} could not be delivered to Slack.`);
  return out;
}

export type ProposalKind = "RESUME_SENDING" | "RESUME_DOMAIN" | "UNFLAG_TEMPLATE" | "PAUSE_TEMPLATE";

export interface Proposal {
  kind: ProposalKind;
  label: string;
  why: string;
  params: Record<string, string>;
}

/** Templates this far below the week's reply rate (with enough sends and no positive reply) are proposed for a pause. */
const PAUSE_BELOW_SHARE = 0.5;
const PAUSE_MIN_SENT = 20;

export function proposals(s: DigestState): Proposal[] {
  const out: Proposal[] = [];
  if (s.sendingPaused.on) {
    out.push({ kind: "RESUME_SENDING", label: "Resume sending", why: `Sending is paused${s.sendingPaused.by ? ` by ${s.sendingPaused.by}` : ""}.`, params: {} });
  }
  for (const d of s.pausedDomains) {
    if (d.incidentId) out.push({ kind: "RESUME_DOMAIN", label: `Resume ${d.domain}`, why: d.reason, params: { incidentId: d.incidentId, domain: d.domain } });
  }
  for (const t of s.flaggedTemplates.slice(0, 5)) {
    out.push({ kind: "UNFLAG_TEMPLATE", label: `Un-flag "${t.name}"`, why: t.flagReason ?? "flagged after negative outcomes", params: { templateId: t.templateId } });
  }
  const overall = rate(s.current.replies, s.current.delivered);
  if (overall !== null && overall > 0) {
    const weak = s.templates
      .filter((t) => t.sent >= PAUSE_MIN_SENT && t.positive === 0 && t.replies / t.sent < overall * PAUSE_BELOW_SHARE)
      .sort((a, b) => a.replies / a.sent - b.replies / b.sent)
      .slice(0, 3);
    for (const t of weak) {
      out.push({
        kind: "PAUSE_TEMPLATE", label: `Pause "${t.name}"`,
        why: `${t.replies} replies from ${t.sent} sends (${((t.replies / t.sent) * 100).toFixed(1)} % vs ${(overall * 100).toFixed(1)} % overall), no positive reply.`,
        params: { templateId: t.templateId },
      });
    }
  }
  return out;
}
