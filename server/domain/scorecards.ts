import { domainHealth, rate } from "./metrics";

/** Totals over a date range, summed from the daily roll-ups. */
export interface Totals {
  visitors: number;
  visitorsEnriched: number;
  drafts: number;
  sent: number;
  sendErrors: number;
  bounces: number;
  complaints: number;
  opens: number;
  replies: number;
  positiveReplies: number;
  meetings: number;
  pipelineValue: number;
  reviews: number;
  overrides: number;
  qualityRatings: number;
  qualityScoreSum: number;
}

export const EMPTY_TOTALS: Totals = {
  visitors: 0, visitorsEnriched: 0, drafts: 0, sent: 0, sendErrors: 0, bounces: 0, complaints: 0, opens: 0, replies: 0,
  positiveReplies: 0, meetings: 0, pipelineValue: 0, reviews: 0, overrides: 0, qualityRatings: 0, qualityScoreSum: 0,
};

export function addTotals(a: Totals, b: Partial<Totals>): Totals {
  const out = { ...a };
  for (const k of Object.keys(EMPTY_TOTALS) as (keyof Totals)[]) out[k] += b[k] ?? 0;
  return out;
}

/** Delivered = sent minus bounced (a bounce is the only evidence of non-delivery we always get). */
export const delivered = (t: Pick<Totals, "sent" | "bounces">) => Math.max(0, t.sent - t.bounces);

export type ScorecardKey =
  | "enrichmentRate" | "emailQuality" | "replyRate" | "positiveReplyRate" | "meetingsPerMonth"
  | "pipelineValue" | "sendErrors48h" | "overrideRate" | "domainHealth";

export interface ScorecardDef {
  key: ScorecardKey;
  label: string;
  format: "percent" | "score5" | "count" | "currency" | "score100";
  /** The team's target, and the phase-gate threshold the value is checked against (as text and as a test). */
  target: string;
  gate: string;
  /** Roll-up sources whose rows the drill-down lists. */
  sources: string[];
  value: (t: Totals, days: number) => number | null;
  /**
   * One day's point on the card's trend, when it is not `value` over that day: a monthly rate
   * extrapolated from a single day (one meeting = "30 a month") misleads, so meetings plot per day.
   */
  daily?: (t: Totals) => number | null;
  meets: (v: number | null) => boolean;
}

const ge = (min: number) => (v: number | null) => v !== null && v >= min;
const lt = (max: number) => (v: number | null) => v !== null && v < max;

export const SCORECARDS: ScorecardDef[] = [
  { key: "enrichmentRate", label: "Enrichment rate", format: "percent", target: "≥ 30 %", gate: "≥ 30 % to leave parallel", sources: ["visitors", "visitorsEnriched"], value: (t) => rate(t.visitorsEnriched, t.visitors), meets: ge(0.3) },
  { key: "emailQuality", label: "Email quality score", format: "score5", target: "≥ 3.5 / 5", gate: "≥ 3.5 to leave parallel", sources: ["ratings"], value: (t) => (t.qualityRatings ? t.qualityScoreSum / t.qualityRatings : null), meets: ge(3.5) },
  { key: "replyRate", label: "Reply rate", format: "percent", target: "≥ 8 %", gate: "≥ 7 % / 7.5 % / 8 % by phase", sources: ["replies", "sent", "bounces"], value: (t) => rate(t.replies, delivered(t)), meets: ge(0.07) },
  { key: "positiveReplyRate", label: "Positive reply rate", format: "percent", target: "≥ 3 %", gate: "learner's objective", sources: ["positiveReplies", "sent", "bounces"], value: (t) => rate(t.positiveReplies, delivered(t)), meets: ge(0.03) },
  { key: "meetingsPerMonth", label: "Meetings booked per month", format: "count", target: "≥ 8", gate: "—", sources: ["meetings"], value: (t, days) => (days > 0 ? (t.meetings * 30) / days : null), daily: (t) => t.meetings, meets: ge(8) },
  { key: "pipelineValue", label: "Pipeline value", format: "currency", target: "+20 % vs before assisted", gate: "+20 % for full autonomy", sources: ["pipeline"], value: (t) => t.pipelineValue, meets: (v) => v !== null && v > 0 },
  { key: "sendErrors48h", label: "Send errors (48 h)", format: "count", target: "0", gate: "0 to leave parallel", sources: ["sendErrors"], value: () => null, meets: (v) => v === 0 },
  { key: "overrideRate", label: "Approval override rate", format: "percent", target: "< 10 %", gate: "< 15 % / < 10 % by phase", sources: ["reviews"], value: (t) => rate(t.overrides, t.reviews), meets: lt(0.15) },
  { key: "domainHealth", label: "Domain health", format: "score100", target: "> 75", gate: "> 75 for 2 weeks for full", sources: ["sent", "bounces", "complaints", "opens", "replies"], value: (t) => domainHealth({ delivered: delivered(t), bounces: t.bounces, complaints: t.complaints, opens: t.opens, replies: t.replies }).score, meets: (v) => v !== null && v > 75 },
];
