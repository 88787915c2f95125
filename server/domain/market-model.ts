/**
 * The simulated market (issue #7): hidden response rates that both the learning benchmark
 * (bench/learning.ts) and the simulator (scripts/simulate.ts) draw from. Fixed by the issue text
 * and NOT tuned to the learner:
 *   - personas arrive uniformly;
 *   - per (persona, template): true reply rate r ~ Beta(3, 30), positive share q ~ Beta(4, 4);
 *   - subject variants multiply the reply rate by 0.8 (first variant) and 1.2 (second);
 *   - the simulator adds send-time effects (per persona, hour of day and weekday).
 * Every rate is derived from (seed, persona, template) by hashing, so any template key the product
 * holds gets stable hidden rates without a shared table.
 */
import { bernoulli, beta, createRng, hashSeed, uniformInt, type Rng } from "./random";

export const VARIANT_MULTIPLIERS = [0.8, 1.2] as const;

export interface ArmTruth {
  /** Base reply rate r of (persona, template), before the subject and send-time effects. */
  reply: number;
  /** Share q of replies that are positive. */
  positiveShare: number;
}

/** Hidden rates of one (persona, template) pair. */
export function armTruth(seed: number, persona: string, template: string): ArmTruth {
  const rng = createRng(hashSeed(`market:${seed}:${persona}:${template}`));
  return { reply: beta(rng, 3, 30), positiveShare: beta(rng, 4, 4) };
}

export function variantMultiplier(variantIndex: number): number {
  return VARIANT_MULTIPLIERS[Math.min(Math.max(variantIndex, 0), VARIANT_MULTIPLIERS.length - 1)];
}

/**
 * Send-time effect on the reply rate for a persona at a local hour of day (0–23) and ISO weekday
 * (1–7): each persona has a peak hour between 8 and 17 (±35 % over the day) and a weekday factor
 * in [0.85, 1.15]. Deterministic per (seed, persona).
 */
export function sendTimeEffect(seed: number, persona: string, localHour: number, isoWeekday: number): number {
  const rng = createRng(hashSeed(`time:${seed}:${persona}`));
  const peak = 8 + rng.next() * 9;
  const days = Array.from({ length: 7 }, () => 0.85 + rng.next() * 0.3);
  const hour = 1 + 0.35 * Math.cos((2 * Math.PI * (localHour - peak)) / 24);
  return hour * days[(isoWeekday - 1 + 7) % 7];
}

export interface MarketSpec {
  seed: number;
  personas: string[];
  templates: string[];
  /** Subject variants per template (multipliers VARIANT_MULTIPLIERS in order). */
  variants: number;
}

export interface Arm {
  template: number;
  variant: number;
}

/** True reply rate of one (persona, template) truth sent with a subject variant; `timeEffect` 1 = no send-time effect. */
export function replyRate(truth: ArmTruth, variantIndex: number, timeEffect = 1): number {
  return Math.min(1, truth.reply * variantMultiplier(variantIndex) * timeEffect);
}

/** True positive-reply rate of one (persona, template) truth sent with a subject variant (no send-time effect). */
export function positiveRate(truth: ArmTruth, variantIndex: number): number {
  return replyRate(truth, variantIndex) * truth.positiveShare;
}

/** True reply and positive rates of every arm for one persona (no send-time effect). */
export function personaArms(spec: MarketSpec, persona: string): { arm: Arm; reply: number; positive: number }[] {
  const out: { arm: Arm; reply: number; positive: number }[] = [];
  spec.templates.forEach((t, ti) => {
    const truth = armTruth(spec.seed, persona, t);
    for (let v = 0; v < spec.variants; v++) {
      out.push({ arm: { template: ti, variant: v }, reply: replyRate(truth, v), positive: positiveRate(truth, v) });
    }
  });
  return out;
}

/** The oracle's arm for a persona: highest true positive rate. */
export function bestArm(spec: MarketSpec, persona: string): { arm: Arm; positive: number } {
  return personaArms(spec, persona).reduce((a, b) => (b.positive > a.positive ? b : a));
}

export function nextPersona(rng: Rng, spec: MarketSpec): number {
  return uniformInt(rng, spec.personas.length);
}

export type ReplyKind = "POSITIVE" | "NEGATIVE" | "NEUTRAL" | "OUT_OF_OFFICE" | "UNSUBSCRIBE";

export interface DrawnOutcome {
  bounced: boolean;
  reply: ReplyKind | null;
  /** A positive reply that went on to book a meeting. */
  meeting: boolean;
}

/** Rates of the side outcomes the simulator plays (not part of the benchmark's objective). */
export const SIDE_RATES = {
  /** Hard bounces (kept under the 2 % domain-pause threshold of DESIGN.md §10). */
  bounce: 0.01,
  /** Of positive replies, how many book a meeting. */
  meetingGivenPositive: 0.4,
  /** Split of the non-positive replies. */
  nonPositive: { NEGATIVE: 0.45, NEUTRAL: 0.35, OUT_OF_OFFICE: 0.15, UNSUBSCRIBE: 0.05 } as Record<Exclude<ReplyKind, "POSITIVE">, number>,
};

/** One send's outcome. `timeEffect` multiplies the reply rate (1 = none, the benchmark). */
export function drawOutcome(rng: Rng, truth: ArmTruth, variantIndex: number, timeEffect = 1, withSide = false): DrawnOutcome {
  if (withSide && bernoulli(rng, SIDE_RATES.bounce)) return { bounced: true, reply: null, meeting: false };
  const p = replyRate(truth, variantIndex, timeEffect);
  if (!bernoulli(rng, p)) return { bounced: false, reply: null, meeting: false };
  if (bernoulli(rng, truth.positiveShare)) {
    return { bounced: false, reply: "POSITIVE", meeting: withSide && bernoulli(rng, SIDE_RATES.meetingGivenPositive) };
  }
  if (!withSide) return { bounced: false, reply: "NEGATIVE", meeting: false };
  let u = rng.next();
  for (const [kind, share] of Object.entries(SIDE_RATES.nonPositive) as [Exclude<ReplyKind, "POSITIVE">, number][]) {
    if ((u -= share) < 0) return { bounced: false, reply: kind, meeting: false };
  }
  return { bounced: false, reply: "NEUTRAL", meeting: false };
}
