/**
 * Negative-outcome flags (DESIGN.md §7): a template with repeated negative outcomes (negative or
 * unsubscribe replies, provider unsubscribes, hard bounces, complaints) is taken out of rotation
 * until an approver reviews it. Only sends after the template's last review count, so a reviewed
 * template starts afresh.
 *
 * Rule (first match flags):
 *   1. spam complaints ≥ 2;
 *   2. negatives ≥ 5 AND the 90 % credible lower bound of the template's negative rate (Beta(1+neg,
 *      1+sends−neg), 5th percentile) is above 1.5 × the negative rate of all templates (at least
 *      2 %): "clearly worse than the rest", not bad luck.
 */
import { betaInterval } from "./intervals";
import { percent as pct } from "./text";

export const FLAG_RULE = { minComplaints: 2, minNegatives: 5, ratio: 1.5, floorRate: 0.02, level: 0.9 } as const;

export interface FlagInput {
  sends: number;
  negatives: number;
  complaints: number;
  /** Negative outcomes / sends over every template (same period). */
  baselineRate: number;
}

export type FlagVerdict = { flag: false; lower: number; threshold: number } | { flag: true; reason: string; lower: number; threshold: number };

export function flagVerdict(i: FlagInput): FlagVerdict {
  const threshold = Math.max(FLAG_RULE.floorRate, FLAG_RULE.ratio * i.baselineRate);
  const lower = i.sends > 0 ? betaInterval(1 + i.negatives, 1 + Math.max(0, i.sends - i.negatives), FLAG_RULE.level).lo : 0;
  if (i.complaints >= FLAG_RULE.minComplaints) {
    return { flag: true, lower, threshold, reason: `${i.complaints} spam complaints in ${i.sends} sends` };
  }
  if (i.negatives >= FLAG_RULE.minNegatives && lower > threshold) {
    return {
      flag: true, lower, threshold,
      reason: `${i.negatives} negative outcomes in ${i.sends} sends (${pct(i.negatives / i.sends)}; 90 % credible lower bound ${pct(lower)}) against ${pct(i.baselineRate)} across all templates`,
    };
  }
  return { flag: false, lower, threshold };
}
