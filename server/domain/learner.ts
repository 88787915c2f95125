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
 * Priors are shared, not flat: ρ(c, t) and q(c, t) shrink towards the template's pooled rate over
 * all contexts, which itself shrinks towards the global rate. A new arm therefore starts from what
 * similar arms showed instead of from nothing.
 *
 * Forgetting: every count decays with a half-life (days), so old evidence weighs less but is never
 * thrown away.
 */
import { beta, gamma, type Rng } from "./random";

export interface LearnerOptions {
  /** Evidence half-life in days (slow forgetting). */
  halfLifeDays: number;
  /** Prior strength (pseudo-sends) of a context's reply rate around its template's pooled rate. */
  replyPriorStrength: number;
  /** Prior strength (pseudo-replies) of a context's positive share around its template's pooled share. */
  positivePriorStrength: number;
  /** Prior strength (pseudo-observations) of the template-level pooled rates around the global ones. */
  templatePriorStrength: number;
  /** Gamma(k, k) prior on each variant multiplier (mean 1). */
  variantPriorStrength: number;
  /** Posterior variance scale of the Thompson draw (1 = plain Thompson; < 1 explores less). */
  explorationScale: number;
}

export const DEFAULT_LEARNER_OPTIONS: LearnerOptions = {
  halfLifeDays: 120,
  replyPriorStrength: 30,
  positivePriorStrength: 6,
  templatePriorStrength: 100,
  variantPriorStrength: 2,
  // Chosen on held-out market seeds (101–140), not the benchmark's: plain Thompson (1) over-explores
  // with a 5,000-send horizon; 0.25 keeps exploring while committing sooner.
  explorationScale: 0.25,
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
const add = (a: Counts, b: Counts): Counts => ({ sends: a.sends + b.sends, replies: a.replies + b.replies, positives: a.positives + b.positives });
const DAY = 86_400_000;

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
}

/**
 * The posterior for one context as of `now`. Variant multipliers and template-level pooled rates
 * are estimated from every context; exposure is corrected for the variants actually sent
 * (two passes: multipliers from pooled template rates, then rates from multiplier-weighted sends).
 */
export function posterior(state: LearnerState, context: string, templates: string[], now: number): Posterior {
  const o = state.options;
  const cells: { c: string; t: string; v: string; n: Counts }[] = [];
  for (const [key, cell] of state.cells) {
    const [c, t, v] = key.split(SEP);
    cells.push({ c, t, v, n: decayTo(cell, now, o.halfLifeDays) });
  }
  const global = cells.reduce((s, x) => add(s, x.n), ZERO);
  const gReply = (global.replies + 1) / (global.sends + 12);
  const gShare = (global.positives + 1) / (global.replies + 2);

  // Pass 1: variant multipliers against each (context, template)'s pooled reply rate.
  const ctRates = new Map<string, Counts>();
  for (const x of cells) ctRates.set(x.c + SEP + x.t, add(ctRates.get(x.c + SEP + x.t) ?? ZERO, x.n));
  const groupStats = new Map<string, { y: number; e: number }>();
  for (const x of cells) {
    const ct = ctRates.get(x.c + SEP + x.t)!;
    const rate = (ct.replies + o.replyPriorStrength * gReply) / (ct.sends + o.replyPriorStrength);
    const g = state.variantGroup(x.t, x.v);
    const s = groupStats.get(g) ?? { y: 0, e: 0 };
    groupStats.set(g, { y: s.y + x.n.replies, e: s.e + x.n.sends * rate });
  }
  const variant: Posterior["variant"] = {};
  const mean = new Map<string, number>();
  for (const [g, s] of groupStats) {
    variant[g] = { shape: o.variantPriorStrength + s.y, rate: o.variantPriorStrength + s.e };
    mean.set(g, variant[g].shape / variant[g].rate);
  }

  // Pass 2: exposure-weighted rates per (context, template), pooled per template across contexts.
  const perCT = new Map<string, { c: string; t: string; y: number; e: number; z: number }>();
  for (const x of cells) {
    const k = x.c + SEP + x.t;
    const m = mean.get(state.variantGroup(x.t, x.v)) ?? 1;
    const s = perCT.get(k) ?? { c: x.c, t: x.t, y: 0, e: 0, z: 0 };
    perCT.set(k, { ...s, y: s.y + x.n.replies, e: s.e + x.n.sends * m, z: s.z + x.n.positives });
  }
  const perT = new Map<string, { y: number; e: number; z: number }>();
  for (const s of perCT.values()) {
    const p = perT.get(s.t) ?? { y: 0, e: 0, z: 0 };
    perT.set(s.t, { y: p.y + s.y, e: p.e + s.e, z: p.z + s.z });
  }
  const reply: Posterior["reply"] = {};
  const positiveShare: Posterior["positiveShare"] = {};
  for (const t of templates) {
    const pt = perT.get(t) ?? { y: 0, e: 0, z: 0 };
    const k = o.templatePriorStrength;
    const tReply = (pt.y + k * gReply) / (Math.max(pt.e, pt.y) + k);
    const tShare = (pt.z + k * gShare / 4) / (pt.y + k / 4);
    const s = perCT.get(context + SEP + t) ?? { y: 0, e: 0, z: 0 };
    reply[t] = { a: o.replyPriorStrength * tReply + s.y, b: o.replyPriorStrength * (1 - tReply) + Math.max(0, s.e - s.y) };
    positiveShare[t] = { a: o.positivePriorStrength * tShare + s.z, b: o.positivePriorStrength * (1 - tShare) + Math.max(0, s.y - s.z) };
  }
  return { reply, positiveShare, variant };
}

export interface ScoredArm extends ArmRef {
  /** The sampled P(positive) that ranked it. */
  sampled: number;
}

/**
 * Thompson sampling: one joint draw from the posterior, arms ranked by the drawn P(positive).
 * The product tries them in this order (the first that renders and passes the checks wins).
 */
export function rankArms(state: LearnerState, context: string, arms: ArmRef[], rng: Rng, now: number): ScoredArm[] {
  const templates = [...new Set(arms.map((a) => a.template))];
  const post = posterior(state, context, templates, now);
  // Scaling both Beta parameters by 1/e keeps the mean and scales the variance by about e.
  const e = state.options.explorationScale;
  const rho = new Map(templates.map((t) => [t, beta(rng, post.reply[t].a / e, post.reply[t].b / e)]));
  const q = new Map(templates.map((t) => [t, beta(rng, post.positiveShare[t].a / e, post.positiveShare[t].b / e)]));
  const m = new Map<string, number>();
  const k = state.options.variantPriorStrength;
  for (const a of arms) {
    const g = state.variantGroup(a.template, a.variant);
    if (m.has(g)) continue;
    const p = post.variant[g] ?? { shape: k, rate: k };
    m.set(g, gamma(rng, p.shape) / p.rate);
  }
  return arms
    .map((a) => ({ ...a, sampled: rho.get(a.template)! * q.get(a.template)! * m.get(state.variantGroup(a.template, a.variant))! }))
    .sort((x, y) => y.sampled - x.sampled);
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
  const post = posterior(state, context, templates, now);
  const k = state.options.variantPriorStrength;
  const samples = arms.map(() => new Float64Array(draws));
  const wins = arms.map(() => 0);
  for (let d = 0; d < draws; d++) {
    const rho = new Map(templates.map((t) => [t, beta(rng, post.reply[t].a, post.reply[t].b)]));
    const q = new Map(templates.map((t) => [t, beta(rng, post.positiveShare[t].a, post.positiveShare[t].b)]));
    const m = new Map<string, number>();
    let best = 0;
    arms.forEach((a, i) => {
      const g = state.variantGroup(a.template, a.variant);
      if (!m.has(g)) {
        const p = post.variant[g] ?? { shape: k, rate: k };
        m.set(g, gamma(rng, p.shape) / p.rate);
      }
      samples[i][d] = rho.get(a.template)! * q.get(a.template)! * m.get(g)!;
      if (samples[i][d] > samples[best][d]) best = i;
    });
    wins[best]++;
  }
  return arms.map((a, i) => {
    const s = Array.from(samples[i]).sort((x, y) => x - y);
    const at = (p: number) => s[Math.floor(p * (s.length - 1))];
    return { ...a, mean: s.reduce((x, y) => x + y, 0) / s.length, lo: at(0.05), hi: at(0.95), pBest: wins[i] / draws };
  });
}
