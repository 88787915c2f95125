import { describe, expect, it } from "vitest";
import { digamma, fitBetaPrior, fitGroupShrinkage, lnGamma, trigamma, type ArmCounts, type BetaHyperprior } from "./beta-prior";
import { beta, createRng } from "./random";

const WEAK: BetaHyperprior = { mean: 0.05, strength: 20, weight: 1 };

/** Arms whose rates are drawn from Beta(a, b), each with `n` trials. */
function synthetic(seed: number, a: number, b: number, arms: number, n: number): ArmCounts[] {
  const rng = createRng(seed);
  return Array.from({ length: arms }, () => {
    const p = beta(rng, a, b);
    let y = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) y++;
    return { n, y };
  });
}

describe("special functions", () => {
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [0.5, 0.5 * Math.log(Math.PI)],
    [10.5, Math.log(1133278.3889487855)],
  ])("lnGamma(%s) = %s", (x, want) => expect(lnGamma(x)).toBeCloseTo(want, 10));
  it.each([
    [1, -0.5772156649015329],
    [0.5, -1.9635100260214235],
    [10, 2.251752589066721],
  ])("digamma(%s) = %s", (x, want) => expect(digamma(x)).toBeCloseTo(want, 10));
  it.each([
    [1, Math.PI ** 2 / 6],
    [0.5, Math.PI ** 2 / 2],
    [10, 0.10516633568168575],
  ])("trigamma(%s) = %s", (x, want) => expect(trigamma(x)).toBeCloseTo(want, 9));
});

describe("empirical-Bayes Beta prior", () => {
  it.each([
    // [true a, true b, arms, trials per arm, tolerance on the mean, tolerance on ln(a + b)]
    [3, 30, 2000, 200, 0.003, 0.15],
    [4, 4, 1000, 40, 0.01, 0.2],
    [1, 9, 1500, 100, 0.005, 0.15],
  ])("recovers Beta(%s, %s) from %s arms of %s trials", (a, b, arms, n, tolMean, tolLogK) => {
    const fit = fitBetaPrior(synthetic(11, a, b, arms, n), WEAK);
    expect(Math.abs(fit.a / (fit.a + fit.b) - a / (a + b))).toBeLessThan(tolMean);
    expect(Math.abs(Math.log(fit.a + fit.b) - Math.log(a + b))).toBeLessThan(tolLogK);
  });

  it("with no data returns the hyperprior's default prior", () => {
    const fit = fitBetaPrior([], WEAK);
    expect(fit.a).toBeCloseTo(1, 8);
    expect(fit.b).toBeCloseTo(19, 8);
  });

  it("the optimum does not depend on the starting point", () => {
    const data = synthetic(3, 3, 30, 60, 80);
    const a = fitBetaPrior(data, WEAK);
    const b = fitBetaPrior(data, WEAK, { a: 50, b: 2 });
    expect(b.a).toBeCloseTo(a.a, 4);
    expect(b.b).toBeCloseTo(a.b, 4);
  });

  it("arms that all have the same rate give a strong prior; very different rates a weak one", () => {
    const same = Array.from({ length: 40 }, () => ({ n: 400, y: 40 }));
    const spread = Array.from({ length: 40 }, (_, i) => ({ n: 400, y: i % 2 === 0 ? 4 : 120 }));
    const s = fitBetaPrior(same, WEAK), w = fitBetaPrior(spread, WEAK);
    expect(s.a + s.b).toBeGreaterThan(100);
    expect(w.a + w.b).toBeLessThan(10);
    expect(s.a / (s.a + s.b)).toBeCloseTo(0.1, 2);
  });

  it("is not fooled by adaptive sampling: the pooled raw rate overweights the arms sent most", () => {
    // A bandit sent 2,000 to its best arm and 50 to each of the others.
    const arms = [{ n: 2000, y: 300 }, ...Array.from({ length: 17 }, (_, i) => ({ n: 50, y: [2, 4, 5, 6, 3][i % 5] }))];
    const pooled = arms.reduce((s, x) => s + x.y, 0) / arms.reduce((s, x) => s + x.n, 0);
    const fit = fitBetaPrior(arms, WEAK);
    const mean = fit.a / (fit.a + fit.b);
    expect(mean).toBeLessThan(pooled);
    expect(mean).toBeGreaterThan(0.06);
    expect(mean).toBeLessThan(0.12);
  });

  it("accepts fractional (discounted) counts and ignores empty arms", () => {
    const data = [{ n: 10.5, y: 1.25 }, { n: 0, y: 0 }, { n: 33.3, y: 2.2 }, { n: 7.7, y: 0 }];
    const fit = fitBetaPrior(data, WEAK);
    expect(Number.isFinite(fit.a) && fit.a > 0 && Number.isFinite(fit.b) && fit.b > 0).toBe(true);
  });
});

describe("group shrinkage (a template's rate across contexts)", () => {
  /** `groups` groups of `members` arms; each member's rate is its group's rate (shared) or its own draw. */
  function grouped(seed: number, shared: boolean, groups = 30, members = 4, n = 400) {
    const rng = createRng(seed);
    const arms = [];
    for (let g = 0; g < groups; g++) {
      const groupRate = beta(rng, 3, 30);
      for (let m = 0; m < members; m++) {
        const p = shared ? groupRate : beta(rng, 3, 30);
        let y = 0;
        for (let i = 0; i < n; i++) if (rng.next() < p) y++;
        arms.push({ n, y, group: `g${g}` });
      }
    }
    return arms;
  }
  it.each([1, 2, 3])("finds the sharing when members share their group's rate (seed %s)", (seed) => {
    const arms = grouped(seed, true);
    const r = fitGroupShrinkage(arms, fitBetaPrior(arms, WEAK));
    expect(r.weight).toBeGreaterThanOrEqual(0.8);
    expect(r.strength).toBeGreaterThan(100);
  });
  it.each([1, 2, 3])("finds next to none when members are independent (seed %s)", (seed) => {
    const arms = grouped(seed, false);
    const prior = fitBetaPrior(arms, WEAK);
    const r = fitGroupShrinkage(arms, prior);
    expect(r.weight).toBe(0);
    expect(r.strength).toBeLessThan(3 * (prior.a + prior.b));
  });
  it("an arm with no trials gets its group's rate from the other members, and a lone arm the shared mean", () => {
    const arms = [...grouped(4, true, 20, 3), { n: 0, y: 0, group: "g0" }, { n: 0, y: 0, group: "alone" }];
    const prior = fitBetaPrior(arms, WEAK);
    const r = fitGroupShrinkage(arms, prior);
    const g0 = arms.filter((a) => a.group === "g0" && a.n > 0);
    const g0Rate = g0.reduce((s, a) => s + a.y, 0) / g0.reduce((s, a) => s + a.n, 0);
    expect(Math.abs(r.means[arms.length - 2] - g0Rate)).toBeLessThan(0.02);
    expect(r.means[arms.length - 1]).toBeCloseTo(prior.a / (prior.a + prior.b), 10);
  });
});
