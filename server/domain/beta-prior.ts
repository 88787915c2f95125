/**
 * Empirical-Bayes fit of a shared Beta prior (DESIGN.md §7, "share what is common across arms").
 *
 * Each arm i has an unknown rate p_i drawn from one Beta(a, b); we see y_i successes in n_i trials
 * (counts may be fractional: forgetting discounts them, exposure corrections rescale them). The
 * prior is estimated from every arm at once by maximising the beta-binomial marginal likelihood
 *   L(a, b) = Π_i B(a + y_i, b + n_i − y_i) / B(a, b)
 * times weak Gamma hyperpriors on a and b that centre it on a default prior when there is no data
 * yet. Maximum likelihood (rather than moments of the raw rates) matters here: a bandit sends most
 * to the arms that look good, so pooled or unweighted raw rates are biased, while the likelihood
 * stays valid under adaptive sampling. Each arm's posterior is then Beta(a + y_i, b + n_i − y_i):
 * small-sample arms sit near the fitted prior, well-measured ones near their own rate.
 *
 * Newton steps in (ln a, ln b) with analytic derivatives (digamma/trigamma) and step halving on
 * the penalised objective; converges in a handful of steps from the default.
 */

export interface BetaParams {
  a: number;
  b: number;
}

export interface ArmCounts {
  /** Trials (may be fractional). */
  n: number;
  /** Successes, 0 ≤ y ≤ n. */
  y: number;
}

export interface BetaHyperprior {
  /** The prior used when there is no data: its mean… */
  mean: number;
  /** …and its strength a + b (pseudo-trials). */
  strength: number;
  /** Gamma shape of the hyperprior on a and on b: how many arms' worth of evidence it is worth (≥ 1). */
  weight: number;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; ~1e-13 relative). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ψ(x) for x > 0: recurrence up to 6, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** ψ'(x) for x > 0. */
export function trigamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r += 1 / (x * x);
    x += 1;
  }
  const f = 1 / (x * x);
  return r + 1 / x + f / 2 + (f / x) * (1 / 6 - f * (1 / 30 - f * (1 / 42 - f / 30)));
}

function objective(arms: ArmCounts[], a: number, b: number, h: BetaHyperprior): number {
  const a0 = h.mean * h.strength;
  const b0 = (1 - h.mean) * h.strength;
  // Gamma(weight, weight / a0) on a, expressed on ln a (Jacobian included): maximal at a = a0.
  let v = h.weight * (Math.log(a) - a / a0) + h.weight * (Math.log(b) - b / b0);
  const base = lnGamma(a) + lnGamma(b) - lnGamma(a + b);
  for (const { n, y } of arms) {
    if (n <= 0) continue;
    v += lnGamma(a + y) + lnGamma(b + n - y) - lnGamma(a + b + n) - base;
  }
  return v;
}

/**
 * The penalised maximum-likelihood Beta prior of the arms' rates. `start` (e.g. the previous fit)
 * only speeds it up: the optimum does not depend on it.
 */
export function fitBetaPrior(arms: ArmCounts[], h: BetaHyperprior, start?: BetaParams): BetaParams {
  const a0 = h.mean * h.strength;
  const b0 = (1 - h.mean) * h.strength;
  const data = arms.filter((x) => x.n > 0).map((x) => ({ n: x.n, y: Math.min(Math.max(x.y, 0), x.n) }));
  let a = start?.a ?? a0;
  let b = start?.b ?? b0;
  let f = objective(data, a, b, h);
  for (let iter = 0; iter < 50; iter++) {
    const k = a + b;
    let A = 0, B = 0, K = 0, A1 = 0, B1 = 0, K1 = 0;
    const pa = digamma(a), pb = digamma(b), pk = digamma(k), ta = trigamma(a), tb = trigamma(b), tk = trigamma(k);
    for (const { n, y } of data) {
      A += digamma(a + y) - pa;
      B += digamma(b + n - y) - pb;
      K += digamma(k + n) - pk;
      A1 += trigamma(a + y) - ta;
      B1 += trigamma(b + n - y) - tb;
      K1 += trigamma(k + n) - tk;
    }
    // Derivatives on (x, z) = (ln a, ln b), hyperprior included.
    const gx = a * (A - K) + h.weight * (1 - a / a0);
    const gz = b * (B - K) + h.weight * (1 - b / b0);
    let hxx = a * a * (A1 - K1) + a * (A - K) - (h.weight * a) / a0;
    let hzz = b * b * (B1 - K1) + b * (B - K) - (h.weight * b) / b0;
    const hxz = -a * b * K1;
    // Keep the step an ascent direction: fall back towards gradient ascent if not concave here.
    let det = hxx * hzz - hxz * hxz;
    if (!(hxx < 0 && det > 0)) {
      const shift = Math.max(Math.abs(hxx), Math.abs(hzz), 1);
      hxx = -shift - Math.abs(hxz);
      hzz = -shift - Math.abs(hxz);
      det = hxx * hzz - hxz * hxz;
    }
    let dx = -(hzz * gx - hxz * gz) / det;
    let dz = -(hxx * gz - hxz * gx) / det;
    const big = Math.max(Math.abs(dx), Math.abs(dz));
    if (big > 2) {
      dx *= 2 / big;
      dz *= 2 / big;
    }
    let step = 1;
    let moved = false;
    for (let h2 = 0; h2 < 30; h2++) {
      const na = a * Math.exp(step * dx), nb = b * Math.exp(step * dz);
      const nf = objective(data, na, nb, h);
      if (nf >= f - 1e-12) {
        moved = Math.abs(step * dx) > 1e-9 || Math.abs(step * dz) > 1e-9;
        a = na;
        b = nb;
        f = nf;
        break;
      }
      step /= 2;
    }
    if (!moved || Math.max(Math.abs(step * dx), Math.abs(step * dz)) < 1e-7) break;
  }
  return { a, b };
}

export interface GroupedCounts extends ArmCounts {
  /** Arms of one group (e.g. one template's arms in different contexts) may share a rate. */
  group: string;
}

export interface GroupShrinkage {
  /** 0 = the group says nothing about its members, 1 = a member's prior mean is its group's rate. */
  weight: number;
  /** The prior strength a + b around those means (grows when the group explains the spread). */
  strength: number;
  /** Each arm's prior mean: the shared mean moved `weight` of the way to its group's rate elsewhere. */
  means: number[];
}

/** Log-likelihood gain pooling must show before it is used. */
const POOLING_MARGIN = 3;
const WEIGHTS = Array.from({ length: 11 }, (_, i) => i / 10);
/** Strength multipliers tried around the shared prior's (factors of √2, from ½ to 32). */
const STRENGTHS = Array.from({ length: 13 }, (_, i) => Math.pow(2, (i - 2) / 2));

/**
 * How much an arm's prior mean should follow its group's rate, estimated from the data: for each
 * arm, the group's rate is measured on the group's OTHER arms only (shrunk with `prior`), and the
 * weight w in (1 − w)·mean + w·group rate, with the prior strength around it, that maximise the
 * beta-binomial likelihood of every arm's own counts are chosen (coordinate ascent on grids).
 * Leaving the arm out keeps an arm from confirming itself, and pooling must beat the unpooled
 * prior's likelihood by a margin, so groups that share nothing get w = 0 and groups that do share
 * get w → 1 and a stronger prior.
 */
export function fitGroupShrinkage(arms: GroupedCounts[], prior: BetaParams): GroupShrinkage {
  const k0 = prior.a + prior.b;
  const mean = prior.a / k0;
  const totals = new Map<string, ArmCounts>();
  for (const x of arms) {
    const t = totals.get(x.group) ?? { n: 0, y: 0 };
    totals.set(x.group, { n: t.n + x.n, y: t.y + x.y });
  }
  const groupRate = arms.map((x) => {
    const t = totals.get(x.group)!;
    return (prior.a + t.y - x.y) / (k0 + t.n - x.n);
  });
  const meansAt = (w: number) => groupRate.map((g) => Math.min(Math.max((1 - w) * mean + w * g, 1e-6), 1 - 1e-6));
  const data = arms.map((x, i) => ({ ...x, i })).filter((x) => x.n > 0);
  const logLik = (w: number, k: number) => {
    const mu = meansAt(w);
    let ll = 0;
    for (const x of data) {
      const a = k * mu[x.i], b = k * (1 - mu[x.i]);
      ll += lnGamma(a + x.y) + lnGamma(b + x.n - x.y) - lnGamma(k + x.n) - lnGamma(a) - lnGamma(b) + lnGamma(k);
    }
    return ll;
  };
  let w = 0;
  let k = k0;
  const unpooled = data.length > 0 ? logLik(0, k0) : 0;
  if (data.length > 0) {
    for (let round = 0; round < 2; round++) {
      let best = { v: 0, ll: -Infinity };
      for (const c of WEIGHTS) {
        const ll = logLik(c, k);
        if (ll > best.ll + 1e-9) best = { v: c, ll };
      }
      w = best.v;
      if (w === 0) break; // nothing to share: keep the shared prior as fitted
      best = { v: k0, ll: -Infinity };
      for (const f of STRENGTHS) {
        const ll = logLik(w, k0 * f);
        if (ll > best.ll + 1e-9) best = { v: k0 * f, ll };
      }
      k = best.v;
    }
    // Pooling adds two fitted parameters (w and the strength): keep it only when it beats the
    // unpooled prior by a clear margin (≈ the 95 % point of χ²₂ / 2), so noise alone rarely
    // pulls a template towards unrelated contexts.
    if (w > 0 && logLik(w, k) - unpooled < POOLING_MARGIN) {
      w = 0;
      k = k0;
    }
  }
  return { weight: w, strength: k, means: meansAt(w) };
}
