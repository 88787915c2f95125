/**
 * The learner (DESIGN.md §7): Thompson sampling over template × subject variant per context
 * (tier/persona) with slow forgetting. Pure: the product feeds it outcomes from the database,
 * the benchmark feeds it a simulated market.
 *
 * Model. Positive replies are rare, so P(positive) is learned as P(reply) × P(positive | reply):
 *   reply(c, t, v)     = ρ(c, t) × m(v)   ρ: the template's reply rate for the context,
 *                                          m: the subject variant's multiplier, shared across
 *                                          contexts (and across templates when the caller groups
 *                                          variants that way, see `variantGroup`);
 *   positive | reply   = q(c, t)          q: the template's positive share for the context.
 * Priors are shared, not flat, and estimated rather than hand-set (empirical Bayes, beta-prior.ts):
 * the Beta priors of ρ and q are fitted to every (context, template) by marginal likelihood, and a
 * template's rates in other contexts move its prior mean here only as far as the data says they
 * predict each other. A new arm therefore starts from what similar arms showed, small-sample arms
 * stay near the prior, and the pooling is as strong as the evidence for it.
 *
 * Choice: Thompson sampling with a draw that narrows as the context's evidence grows
 * (explorationTemperature).
 *
 * Forgetting: every count decays with a half-life (days), so old evidence weighs less but is never
 * thrown away.
 */
import { fitBetaPrior, fitGroupShrinkage, type BetaHyperprior, type BetaParams } from "./beta-prior";
import { beta, gamma, type Rng } from "./random";

export interface LearnerOptions {
  /** Evidence half-life in days (slow forgetting). */
  halfLifeDays: number;
  /** Where the fitted prior of reply rates starts before there is data, and how firmly. */
  replyHyperprior: BetaHyperprior;
  /** Where the fitted prior of positive shares (of replies) starts, and how firmly. */
  positiveShareHyperprior: BetaHyperprior;
  /** Gamma(k, k) prior on each variant multiplier (mean 1). */
  variantPriorStrength: number;
  /** Posterior variance scale of the Thompson draw at `explorationReference` sends in a context (1 = plain Thompson). */
  explorationScale: number;
  /** Discounted sends in a context at which the scale is `explorationScale`. */
  explorationReference: number;
  /** How fast the scale falls with the context's evidence (0 = constant). */
  explorationDecay: number;
  /** Floor of the scale (and 1 its ceiling). */
  minExplorationScale: number;
  /** Let a template's evidence in other contexts inform its prior here, as much as the data supports. */
  poolTemplatesAcrossContexts: boolean;
}

export const DEFAULT_LEARNER_OPTIONS: LearnerOptions = {
  // Drift handling for the product. In the stationary benchmark market it costs nothing measurable:
  // no forgetting at all was WORSE on held-out seeds 1001–1030 (expected regret 81.3 vs 72.8 per
  // 5,000 sends, bench/_learning-regret.ts), because the annealing reads discounted evidence and
  // settles too early without it.
  halfLifeDays: 120,
  // Weak, generic starting points (cold e-mail replies are a few per cent; a reply is as likely
  // positive as not), each worth about one arm of evidence: the data takes over within a few arms.
  replyHyperprior: { mean: 0.05, strength: 20, weight: 1 },
  positiveShareHyperprior: { mean: 0.5, strength: 2, weight: 1 },
  variantPriorStrength: 2,
  // Annealed Thompson sampling (explorationTemperature), chosen on held-out market seeds
  // (2001–2200, expected regret), never on the benchmark's 1–20: 0.3 at 500 sends falling as 1/sends.
  // The annealing also narrows thinly-sent arms, so a persona sometimes settles on a worse template
  // ("locked wrong": 72 of 300 personas on seeds 2001–2100, 46 of them > 1 point of positive rate
  // below the best, costing 11 of the 61 regret per 5,000 sends). Remedies that keep thin arms
  // wider all cost more exploration than they saved there (paired change in expected regret ± SE,
  // bench/_learning-regret.ts): full width below 30 own sends +5.8 ± 1.1; scale at least 25 / own
  // sends +9.0 ± 1.5 (100: +15.7 ± 1.7); scaling only the arm's evidence, not the prior's width,
  // +1.6 ± 1.1 (on fresh seeds 3001–3100 +2.0 ± 1.4; with scale 0.2: −0.1 ± 1.5); optimistic
  // draws (never below the mean) +0.9 ± 1.5, with more lock-ins (+1.1 ± 1.0 together with the
  // previous one); decay 0.5 +0.8 ± 1.8, with more lock-ins (it narrows the first 500 sends, where
  // lock-ins start). The lock-ins are the price of the lower typical regret, not a defect to patch.
  // Other choice rules on the same posterior did no better either (seeds 2001–2100, paired against
  // this rule's 61.3; each cut the regret of the first 1,000 sends but settled wrong more often):
  //   finite-horizon knowledge gradient (KG*, means and variances of ρ·q·m, 1,667 sends per
  //     persona, deterministic)                                +25.6 ± 7.3, locked wrong 113/300
  //   information-directed sampling (variance-based, 100 joint draws, best two-arm mix):
  //     on the posterior +5.5 ± 3.0 (81/300); on draws narrowed like this rule's +14.2 ± 6.5
  //     (105/300); narrowed by the square root of that +13.1 ± 6.1 (95/300)
  //   Bayes-UCB (quantile 1 − 1/sends of a log-normal fit of ρ·q·m): +91 ± 11 on 5 seeds, dropped.
  // IDS with few draws gives an arm that is never best in them no information value, so it stops
  // being tried, which Thompson sampling's probability matching avoids.
  // How much such comparisons can tell: the same learner with another random stream (on the same
  // seeds 2001–2100) had an expected regret of 66.3, not 61.3 — two plays diverge after a few sends,
  // so paired seeds pair the markets, not the play, and differences of a few units on 100 seeds are
  // not evidence. (Iterating the subject-variant multipliers to convergence, variantMultipliers,
  // moved the regret on seeds 3001–3200 by −0.2 ± 1.2 per 5,000 sends: neutral for the benchmark; it
  // fixed what the Learnings page says a subject line does.)
  explorationScale: 0.3,
  explorationReference: 500,
  explorationDecay: 1,
  minExplorationScale: 0.05,
  poolTemplatesAcrossContexts: true,
};

/** Discounted counts of one (context, template, variant) cell, as of `at` (ms). */
export interface Cell {
  sends: number;
  replies: number;
  positives: number;
  at: number;
}

export interface LearnerState {
  options: LearnerOptions;
  /** key `${context}\u0000${template}\u0000${variant}` */
  cells: Map<string, Cell>;
  /** Pools variant evidence: variants with the same group share one multiplier. */
  variantGroup: (template: string, variant: string) => string;
}

export interface ArmRef {
  template: string;
  variant: string;
}

export interface Observation extends ArmRef {
  context: string;
  /** When the e-mail was sent (ms since epoch). */
  at: number;
  replied: boolean;
  positive: boolean;
}

const SEP = "\u0000";
const ZERO = { sends: 0, replies: 0, positives: 0 };
const DAY = 86_400_000;
/** Bound on the alternating estimation of the variant multipliers (2–3 rounds in the benchmark's market). */
const MULTIPLIER_ITERATIONS = 50;

export function createLearner(options: Partial<LearnerOptions> = {}, variantGroup: (template: string, variant: string) => string = (t, v) => `${t}${SEP}${v}`): LearnerState {
  return { options: { ...DEFAULT_LEARNER_OPTIONS, ...options }, cells: new Map(), variantGroup };
}

function decayTo(cell: Cell, at: number, halfLifeDays: number): Cell {
  if (at <= cell.at) return cell;
  const f = Math.pow(0.5, (at - cell.at) / (halfLifeDays * DAY));
  return { sends: cell.sends * f, replies: cell.replies * f, positives: cell.positives * f, at };
}

/** Adds one send's outcome (a positive reply is also a reply). */
export function observe(state: LearnerState, o: Observation): void {
  const key = [o.context, o.template, o.variant].join(SEP);
  const prev = state.cells.get(key) ?? { sends: 0, replies: 0, positives: 0, at: o.at };
  // Observations may arrive out of order (late outcomes): decay the older side to the newer time.
  const base = decayTo(prev, o.at, state.options.halfLifeDays);
  const w = o.at < base.at ? Math.pow(0.5, (base.at - o.at) / (state.options.halfLifeDays * DAY)) : 1;
  const replied = o.replied || o.positive;
  state.cells.set(key, {
    sends: base.sends + w,
    replies: base.replies + (replied ? w : 0),
    positives: base.positives + (o.positive ? w : 0),
    at: base.at,
  });
}

/** Discounted counts of one cell as of `now` (the evidence the Learnings page shows). */
export function countsAt(state: LearnerState, context: string, template: string, variant: string, now: number): Counts {
  const cell = state.cells.get([context, template, variant].join(SEP));
  if (!cell) return { ...ZERO };
  const { sends, replies, positives } = decayTo(cell, now, state.options.halfLifeDays);
  return { sends, replies, positives };
}

export interface Counts {
  sends: number;
  replies: number;
  positives: number;
}


export interface Posterior {
  /** Beta parameters of ρ(c, t). */
  reply: Record<string, { a: number; b: number }>;
  /** Beta parameters of q(c, t). */
  positiveShare: Record<string, { a: number; b: number }>;
  /** Gamma parameters (shape, rate) of each variant group's multiplier. */
  variant: Record<string, { shape: number; rate: number }>;
  /** The fitted shared priors every (context, template) shrinks towards (shown as evidence). */
  priors: {
    reply: BetaParams;
    positiveShare: BetaParams;
    /** How far a template's rates in other contexts move its prior here (0–1, fitted). */
    replyTemplateWeight: number;
    positiveShareTemplateWeight: number;
  };
}

interface CellView {
  c: string;
  t: string;
  g: string;
  n: Counts;
}

/**
 * The posterior for one context as of `now`, by empirical Bayes over every (context, template):
 *  1. the subject-variant multipliers are estimated (variantMultipliers); each (context,
 *     template)'s exposure is its sends weighted by the multipliers of the variants actually sent;
 *  2. the shared Beta prior of reply rates is fitted to all (context, template) exposures and
 *     replies, and that of positive shares to all replies and positives (beta-prior.ts).
 * Each (context, template) then has a conjugate posterior around the fitted prior.
 */
export function posterior(state: LearnerState, context: string, templates: string[], now: number): Posterior {
  const o = state.options;
  const cells: CellView[] = [];
  for (const [key, cell] of state.cells) {
    const [c, t, v] = key.split(SEP);
    cells.push({ c, t, g: state.variantGroup(t, v), n: decayTo(cell, now, o.halfLifeDays) });
  }
  const aggregate = (mult: Map<string, number>) => {
    const per = new Map<string, { c: string; t: string; y: number; e: number; z: number }>();
    for (const x of cells) {
      const k = x.c + SEP + x.t;
      const s = per.get(k) ?? { c: x.c, t: x.t, y: 0, e: 0, z: 0 };
      s.y += x.n.replies;
      s.e += x.n.sends * (mult.get(x.g) ?? 1);
      s.z += x.n.positives;
      per.set(k, s);
    }
    return per;
  };
  const replyArms = (per: ReturnType<typeof aggregate>) => [...per.values()].map((s) => ({ n: Math.max(s.e, s.y), y: s.y }));
  const { mult, groups } = variantMultipliers(cells, o.variantPriorStrength, aggregate);
  const per = aggregate(mult);
  const replyPrior = fitBetaPrior(replyArms(per), o.replyHyperprior);
  const sharePrior = fitBetaPrior([...per.values()].map((s) => ({ n: s.y, y: Math.min(s.z, s.y) })), o.positiveShareHyperprior);

  const variant: Posterior["variant"] = {};
  for (const [g, gs] of groups) variant[g] = { shape: o.variantPriorStrength + gs.y, rate: o.variantPriorStrength + gs.e };

  // A template's arms in other contexts move its prior mean here as far as the data says they
  // predict each other (fitGroupShrinkage); the asked-for context's unseen templates join with no counts.
  const rows = [...per.values()];
  for (const t of templates) if (!per.has(context + SEP + t)) rows.push({ c: context, t, y: 0, e: 0, z: 0 });
  const pooled = o.poolTemplatesAcrossContexts;
  const replyShrink = pooled ? fitGroupShrinkage(rows.map((r) => ({ n: Math.max(r.e, r.y), y: r.y, group: r.t })), replyPrior) : undefined;
  const shareShrink = pooled ? fitGroupShrinkage(rows.map((r) => ({ n: r.y, y: Math.min(r.z, r.y), group: r.t })), sharePrior) : undefined;
  const replyK = replyShrink?.strength ?? replyPrior.a + replyPrior.b;
  const shareK = shareShrink?.strength ?? sharePrior.a + sharePrior.b;
  const reply: Posterior["reply"] = {};
  const positiveShare: Posterior["positiveShare"] = {};
  rows.forEach((r, i) => {
    if (r.c !== context || !templates.includes(r.t)) return;
    const rm = replyShrink ? replyShrink.means[i] : replyPrior.a / replyK;
    const sm = shareShrink ? shareShrink.means[i] : sharePrior.a / shareK;
    reply[r.t] = { a: replyK * rm + r.y, b: replyK * (1 - rm) + Math.max(0, r.e - r.y) };
    positiveShare[r.t] = { a: shareK * sm + r.z, b: shareK * (1 - sm) + Math.max(0, r.y - r.z) };
  });
  return {
    reply,
    positiveShare,
    variant,
    priors: { reply: replyPrior, positiveShare: sharePrior, replyTemplateWeight: replyShrink?.weight ?? 0, positiveShareTemplateWeight: shareShrink?.weight ?? 0 },
  };
}

/**
 * The subject-variant multipliers m(g), by alternating estimation until they stop moving: each
 * (context, template)'s reply rate given exposures weighted by m (its replies over its exposure),
 * then each m given those rates (Gamma(k, k) prior). Within a template, how its replies split
 * between variants depends on m alone, so templates of different quality do not blur it. One pass
 * is not enough: a template sent mostly with one variant has that variant's effect folded into its
 * rate, so one pass pulled every multiplier towards 1 (a 0.8 / 1.2 pair came out 0.86 apart, not
 * 0.67), and the Learnings page understated what a subject line does.
 */
function variantMultipliers(
  cells: CellView[],
  k: number,
  aggregate: (mult: Map<string, number>) => Map<string, { y: number; e: number }>,
): { mult: Map<string, number>; groups: Map<string, { y: number; e: number }> } {
  let mult = new Map<string, number>();
  let groups = new Map<string, { y: number; e: number }>();
  for (let iter = 0; iter < MULTIPLIER_ITERATIONS; iter++) {
    const per = aggregate(mult);
    groups = new Map();
    for (const x of cells) {
      const s = per.get(x.c + SEP + x.t)!;
      const rate = s.e > 0 ? s.y / s.e : 0;
      const gs = groups.get(x.g) ?? { y: 0, e: 0 };
      gs.y += x.n.replies;
      gs.e += x.n.sends * rate;
      groups.set(x.g, gs);
    }
    const next = new Map([...groups].map(([g, gs]) => [g, (k + gs.y) / (k + gs.e)]));
    // Only the multipliers' ratios matter (ρ absorbs a common factor), and the priors pin the
    // common factor only weakly, so the iteration crawls along it: fix it at a send-weighted mean of 1.
    let sends = 0, weighted = 0;
    for (const x of cells) {
      sends += x.n.sends;
      weighted += x.n.sends * next.get(x.g)!;
    }
    if (weighted > 0) for (const [g, m] of next) next.set(g, (m * sends) / weighted);
    let moved = 0;
    for (const [g, m] of next) moved = Math.max(moved, Math.abs(m - (mult.get(g) ?? 1)));
    mult = next;
    if (moved < 1e-4) break;
  }
  return { mult, groups };
}

export interface ScoredArm extends ArmRef {
  /** The sampled P(positive) that ranked it. */
  sampled: number;
}

/**
 * The variance scale of the Thompson draw in a context: `explorationScale` at
 * `explorationReference` (discounted) sends of evidence there, falling as
 * (sends / reference)^−explorationDecay and clamped to [minExplorationScale, 1]. Plain Thompson
 * sampling keeps exploring near-ties in proportion to their chance of being best; with a finite
 * stream of leads the value of settling a near-tie shrinks as evidence grows, so the draw narrows
 * faster than the posterior ("annealed" Thompson sampling): wide while little is known, close to
 * the posterior mean once a context has a lot of evidence. Forgetting bounds the evidence, so the
 * learner never stops exploring entirely.
 */
export function explorationTemperature(state: LearnerState, context: string, now: number): number {
  const o = state.options;
  let sends = 0;
  for (const [key, cell] of state.cells) if (key.startsWith(context + SEP)) sends += decayTo(cell, now, o.halfLifeDays).sends;
  const t = o.explorationScale * Math.pow(Math.max(sends, 1) / o.explorationReference, -o.explorationDecay);
  return Math.min(1, Math.max(o.minExplorationScale, t));
}

/**
 * Thompson sampling: one joint draw from the posterior, arms ranked by the drawn P(positive).
 * The product tries them in this order (the first that renders and passes the checks wins).
 */
export function rankArms(state: LearnerState, context: string, arms: ArmRef[], rng: Rng, now: number): ScoredArm[] {
  const templates = [...new Set(arms.map((a) => a.template))];
  const post = posterior(state, context, templates, now);
  const sampled: number[] = [];
  drawJoint(drawPlan(state, post, arms), rng, explorationTemperature(state, context, now), sampled);
  return arms.map((a, i) => ({ ...a, sampled: sampled[i] })).sort((x, y) => y.sampled - x.sampled);
}

/** The distinct templates and variant groups of a set of arms, so joint draws share them. */
interface DrawPlan {
  reply: { a: number; b: number }[];
  share: { a: number; b: number }[];
  variant: { shape: number; rate: number }[];
  ti: number[];
  gi: number[];
}

function drawPlan(state: LearnerState, post: Posterior, arms: ArmRef[]): DrawPlan {
  const templates: string[] = [];
  const groups: string[] = [];
  const ti: number[] = [];
  const gi: number[] = [];
  const k = state.options.variantPriorStrength;
  for (const a of arms) {
    if (!templates.includes(a.template)) templates.push(a.template);
    const g = state.variantGroup(a.template, a.variant);
    if (!groups.includes(g)) groups.push(g);
    ti.push(templates.indexOf(a.template));
    gi.push(groups.indexOf(g));
  }
  return {
    reply: templates.map((t) => post.reply[t]),
    share: templates.map((t) => post.positiveShare[t]),
    variant: groups.map((g) => post.variant[g] ?? { shape: k, rate: k }),
    ti,
    gi,
  };
}

/** One joint posterior draw of every arm's P(positive); `scale` < 1 narrows the draw around the mean. */
function drawJoint(plan: DrawPlan, rng: Rng, scale: number, out: number[]): void {
  // Dividing Beta/Gamma parameters by `scale` keeps each mean and scales the variance by about it.
  const tv = plan.reply.map((r, i) => beta(rng, r.a / scale, r.b / scale) * beta(rng, plan.share[i].a / scale, plan.share[i].b / scale));
  const gv = plan.variant.map((v) => gamma(rng, v.shape / scale) / (v.rate / scale));
  for (let i = 0; i < plan.ti.length; i++) out[i] = tv[plan.ti[i]] * gv[plan.gi[i]];
}

/** Posterior means (no sampling): what the Learnings page shows as the current belief. */
export function expectedPositive(post: Posterior, template: string, variantGroup: string): number {
  const r = post.reply[template];
  const q = post.positiveShare[template];
  const v = post.variant[variantGroup];
  return (r.a / (r.a + r.b)) * (q.a / (q.a + q.b)) * (v ? v.shape / v.rate : 1);
}

export interface ArmBelief extends ArmRef {
  /** P(positive) posterior mean and central 90 % interval. */
  mean: number;
  lo: number;
  hi: number;
  /** Share of posterior draws in which this arm is the best: how often Thompson sampling picks it. */
  pBest: number;
}

/** What the learner believes about each arm of a context, by `draws` joint posterior draws. */
export function armBeliefs(state: LearnerState, context: string, arms: ArmRef[], rng: Rng, now: number, draws = 1000): ArmBelief[] {
  if (arms.length === 0) return [];
  const templates = [...new Set(arms.map((a) => a.template))];
  const plan = drawPlan(state, posterior(state, context, templates, now), arms);
  const samples = arms.map(() => new Float64Array(draws));
  const wins = arms.map(() => 0);
  const x: number[] = [];
  for (let d = 0; d < draws; d++) {
    drawJoint(plan, rng, 1, x);
    let best = 0;
    for (let i = 0; i < arms.length; i++) {
      samples[i][d] = x[i];
      if (x[i] > x[best]) best = i;
    }
    wins[best]++;
  }
  return arms.map((a, i) => {
    const s = Array.from(samples[i]).sort((x, y) => x - y);
    const at = (p: number) => s[Math.floor(p * (s.length - 1))];
    return { ...a, mean: s.reduce((x, y) => x + y, 0) / s.length, lo: at(0.05), hi: at(0.95), pBest: wins[i] / draws };
  });
}
