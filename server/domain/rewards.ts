/**
 * Outcome rewards (DESIGN.md §7) and the per-send summary the learner reads. Order of value:
 *   meeting booked > positive reply > neutral reply > no reply > negative reply
 *   > unsubscribe / hard bounce > spam complaint.
 * A send can collect several outcomes (a positive reply, then a meeting); its reward is the most
 * telling one: a complaint outweighs everything (it endangers the sending domain), otherwise the
 * best positive signal, otherwise the worst negative one.
 */
import type { Seniority } from "./scoring";

export const REWARD = {
  MEETING: 1,
  POSITIVE: 0.8,
  NEUTRAL: 0.2,
  NONE: 0,
  NEGATIVE: -0.3,
  UNSUBSCRIBE: -0.6,
  BOUNCE: -0.6,
  COMPLAINT: -1,
} as const;

export type RewardKind = keyof typeof REWARD;

export interface OutcomeRow {
  /** REPLY | BOUNCE | COMPLAINT | UNSUBSCRIBE | MEETING | DELIVERED | OPENED | OPPORTUNITY */
  type: string;
  /** POSITIVE | NEGATIVE | NEUTRAL | OUT_OF_OFFICE | UNSUBSCRIBE (replies) */
  classification: string | null;
}

export interface SendSummary {
  /** A human reply (an out-of-office auto-reply is not one: DESIGN.md §8 "human replies"). */
  replied: boolean;
  /** Positive reply or meeting booked: what A/B is judged by. */
  positive: boolean;
  /** Counts towards the negative-outcome flag of the template. */
  negative: boolean;
  complaint: boolean;
  kind: RewardKind;
  reward: number;
}

export function summarise(outcomes: OutcomeRow[]): SendSummary {
  const has = (type: string, cls?: string) => outcomes.some((o) => o.type === type && (cls === undefined || o.classification === cls));
  const meeting = has("MEETING");
  const positiveReply = has("REPLY", "POSITIVE");
  const complaint = has("COMPLAINT");
  const unsubscribe = has("UNSUBSCRIBE") || has("REPLY", "UNSUBSCRIBE");
  const bounce = has("BOUNCE");
  const negativeReply = has("REPLY", "NEGATIVE");
  const neutral = has("REPLY", "NEUTRAL");
  const humanReply = outcomes.some((o) => o.type === "REPLY" && o.classification !== "OUT_OF_OFFICE");
  const kind: RewardKind = complaint ? "COMPLAINT"
    : meeting ? "MEETING"
    : positiveReply ? "POSITIVE"
    : unsubscribe ? "UNSUBSCRIBE"
    : bounce ? "BOUNCE"
    : negativeReply ? "NEGATIVE"
    : neutral ? "NEUTRAL"
    : "NONE";
  return {
    replied: humanReply || meeting,
    positive: meeting || positiveReply,
    negative: ["COMPLAINT", "UNSUBSCRIBE", "BOUNCE", "NEGATIVE"].includes(kind),
    complaint,
    kind,
    reward: REWARD[kind],
  };
}

/**
 * Personas the learner keeps apart within a tier: who the e-mail speaks to. Derived from the
 * title's seniority (scoring), so no new data is needed and erased visitors keep theirs (the
 * draft's score breakdown holds it).
 */
export const PERSONAS = ["executive", "leader", "practitioner"] as const;
export type Persona = (typeof PERSONAS)[number];

export function personaOf(seniority: Seniority | string | null | undefined): Persona {
  if (seniority === "C_LEVEL" || seniority === "FOUNDER") return "executive";
  if (seniority === "VP" || seniority === "HEAD" || seniority === "DIRECTOR") return "leader";
  return "practitioner";
}

/** The seniority recorded in a score breakdown (JSON of [{signal, points, detail}]), if any. */
export function seniorityFromBreakdown(json: string): string | null {
  try {
    const items = JSON.parse(json) as { signal?: string; detail?: string }[];
    return items.find((i) => i?.signal === "seniority")?.detail ?? null;
  } catch {
    return null;
  }
}

/** The learner's context: tier and persona ("HOT:executive"). */
export const contextKey = (tier: string, persona: Persona) => `${tier}:${persona}`;
