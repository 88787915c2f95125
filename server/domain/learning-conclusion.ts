import { percent as pct } from "./text";

/**
 * The Learnings page's one-sentence conclusion for one tier × persona, from the learner's belief
 * about each arm (template × subject line). When a template is clearly ahead but its subject lines
 * have not been told apart — e.g. each was sent to a different persona, so nothing compares them —
 * naming one arm "the best" would claim more than the data shows: the sentence names the template
 * and says how P(best) splits between its subjects.
 */
export interface ArmSummary {
  templateKey: string;
  variantKey: string;
  /** Share of posterior draws in which this arm is the best. */
  pBest: number;
  /** P(positive): posterior mean and central 90 % interval. */
  pPositive: { mean: number; lo: number; hi: number };
}

/** A template's subjects count as told apart when its leading one holds this share of its P(best). */
export const SUBJECT_CLEAR_SHARE = 0.8;

export function learningConclusion(arms: ArmSummary[], settledSends: number): string {
  const ranked = [...arms].sort((a, b) => b.pBest - a.pBest);
  if (ranked.length === 0) return "No active templates.";
  if (settledSends === 0) return `No sends yet: every arm starts from the pooled prior; ${ranked[0].templateKey}/${ranked[0].variantKey} is as likely as any.`;
  const byTemplate = new Map<string, ArmSummary[]>();
  for (const a of ranked) {
    const own = byTemplate.get(a.templateKey);
    if (own) own.push(a);
    else byTemplate.set(a.templateKey, [a]);
  }
  const total = (xs: ArmSummary[]) => xs.reduce((s, a) => s + a.pBest, 0);
  const [key, own] = [...byTemplate].reduce((best, t) => (total(t[1]) > total(best[1]) ? t : best));
  const top = own[0];
  const evidence = `P(positive) ${pct(top.pPositive.mean)} (90 % interval ${pct(top.pPositive.lo)}–${pct(top.pPositive.hi)}), from ${settledSends} settled sends in this group.`;
  const p = total(own);
  if (own.length > 1 && top.pBest < SUBJECT_CLEAR_SHARE * p) {
    const split = own.map((a) => `${a.variantKey} ${pct(a.pBest)}`).join(", ");
    return `${key} is the best template with probability ${pct(p)}; its subject lines are not told apart yet (chance of being the best arm: ${split}). With subject ${top.variantKey}: ${evidence}`;
  }
  return `${key} with subject ${top.variantKey} is the best arm with probability ${pct(top.pBest)}: ${evidence}`;
}
