/**
 * Metric definitions the scorecards and phase gates use (DESIGN.md §8). Pure: callers pass counts.
 * A rate with a zero denominator is null ("no data"), never 0 — an empty week is not a bad week.
 */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export interface QualityRating {
  personalisation: number;
  subject: number;
  valueProposition: number;
  cta: number;
  tone: number;
}

/** Mean of Dani's 1–5 ratings over the five dimensions, or null with no ratings. */
export function emailQualityScore(ratings: readonly QualityRating[]): number | null {
  if (ratings.length === 0) return null;
  const total = ratings.reduce((s, r) => s + r.personalisation + r.subject + r.valueProposition + r.cta + r.tone, 0);
  return total / (ratings.length * 5);
}

export interface DomainHealthInput {
  delivered: number;
  bounces: number;
  complaints: number;
  opens: number;
  replies: number;
}

export interface DomainHealth {
  score: number | null;
  /** Each adjustment and why, so the scorecard can show its working. */
  adjustments: { reason: string; points: number }[];
}

/**
 * Starts at 100; bounce rate > 5 / 2 / 1 % costs 30 / 15 / 5; complaint rate > 0.1 / 0.05 % costs
 * 40 / 20; open rate < 20 / 30 % costs 20 / 10; reply rate > 5 % adds 10; clamped to 0–100.
 * With nothing delivered there is nothing to judge: null.
 */
export function domainHealth(m: DomainHealthInput): DomainHealth {
  if (m.delivered <= 0) return { score: null, adjustments: [] };
  const bounce = m.bounces / m.delivered;
  const complaint = m.complaints / m.delivered;
  const open = m.opens / m.delivered;
  const reply = m.replies / m.delivered;
  const adjustments: DomainHealth["adjustments"] = [];
  const add = (reason: string, points: number) => adjustments.push({ reason, points });
  if (bounce > 0.05) add("bounce rate above 5 %", -30);
  else if (bounce > 0.02) add("bounce rate above 2 %", -15);
  else if (bounce > 0.01) add("bounce rate above 1 %", -5);
  if (complaint > 0.001) add("complaint rate above 0.1 %", -40);
  else if (complaint > 0.0005) add("complaint rate above 0.05 %", -20);
  if (open < 0.2) add("open rate below 20 %", -20);
  else if (open < 0.3) add("open rate below 30 %", -10);
  if (reply > 0.05) add("reply rate above 5 %", 10);
  const score = Math.min(100, Math.max(0, 100 + adjustments.reduce((s, a) => s + a.points, 0)));
  return { score, adjustments };
}

/** Reviews where Dani's decision differs from the system's recommendation, over all reviews. */
export function overrideRate(reviews: readonly { decision: string; systemRecommendation: string | null }[]): number | null {
  const judged = reviews.filter((r) => r.systemRecommendation);
  if (judged.length === 0) return null;
  const overridden = judged.filter((r) => isOverride(r.decision, r.systemRecommendation!)).length;
  return overridden / judged.length;
}

/**
 * The system recommended sending (AUTO_SEND*) and Dani rejected, or it recommended dropping and Dani
 * approved. A REVIEW recommendation defers to Dani, so no decision overrides it.
 */
export function isOverride(decision: string, recommendation: string): boolean {
  const approved = decision === "APPROVE" || decision === "APPROVE_EDITED";
  const rejected = decision === "REJECT";
  if (recommendation.startsWith("AUTO_SEND")) return rejected;
  if (recommendation === "DROP") return approved;
  return false;
}
