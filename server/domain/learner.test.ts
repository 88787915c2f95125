import { describe, expect, it } from "vitest";
import { armBeliefs, countsAt, createLearner, expectedPositive, explorationTemperature, observe, posterior, rankArms, type LearnerState } from "./learner";
import { createRng } from "./random";

const DAY = 86_400_000;

function feed(s: LearnerState, context: string, template: string, variant: string, n: number, replies: number, positives: number, at = 0) {
  for (let i = 0; i < n; i++) observe(s, { context, template, variant, at, replied: i < replies, positive: i < positives });
}
const mean = (p: { a: number; b: number }) => p.a / (p.a + p.b);

describe("learner posterior", () => {
  it("with no evidence every template has the same belief", () => {
    const s = createLearner();
    const p = posterior(s, "HOT:exec", ["x", "y"], 0);
    expect(p.reply.x).toEqual(p.reply.y);
    expect(p.positiveShare.x).toEqual(p.positiveShare.y);
  });
  it.each([
    // [sends, replies, positives] of template x; y has none: x's beliefs move towards the evidence
    [200, 40, 30, "higher", "higher"],
    [200, 2, 0, "lower", "lower"],
  ])("%s sends, %s replies, %s positives make x's rates %s / %s than an unseen template's", (n, y, z, replyDir, shareDir) => {
    const s = createLearner();
    feed(s, "c", "x", "A", n as number, y as number, z as number);
    feed(s, "c", "y", "A", 0, 0, 0);
    const p = posterior(s, "c", ["x", "y"], 0);
    const cmp = (a: number, b: number) => (a > b ? "higher" : "lower");
    expect(cmp(mean(p.reply.x), mean(p.reply.y))).toBe(replyDir);
    expect(cmp(mean(p.positiveShare.x), mean(p.positiveShare.y))).toBe(shareDir);
  });
  it("a template's evidence in other contexts informs its prior in a new one when the data shows templates carry over", () => {
    const s = createLearner();
    // In four contexts x draws many replies, mostly positive, and y few: templates carry over.
    for (const c of ["c1", "c2", "c3", "c4"]) {
      feed(s, c, "x", "A", 300, 60, 45);
      feed(s, c, "y", "A", 300, 6, 1);
    }
    const p = posterior(s, "c5", ["x", "y"], 0);
    expect(p.priors.replyTemplateWeight).toBeGreaterThan(0.7);
    expect(mean(p.reply.x)).toBeGreaterThan(mean(p.reply.y));
    expect(mean(p.positiveShare.x)).toBeGreaterThan(mean(p.positiveShare.y));
  });
  it("when a template's rates differ from context to context, other contexts barely move its prior", () => {
    const s = createLearner();
    // x is the best in c1 and c3 but the worst in c2 and c4, and y the opposite.
    feed(s, "c1", "x", "A", 400, 60, 30);
    feed(s, "c2", "x", "A", 400, 8, 4);
    feed(s, "c3", "x", "A", 400, 60, 30);
    feed(s, "c4", "x", "A", 400, 8, 4);
    feed(s, "c1", "y", "A", 400, 8, 4);
    feed(s, "c2", "y", "A", 400, 60, 30);
    feed(s, "c3", "y", "A", 400, 8, 4);
    feed(s, "c4", "y", "A", 400, 60, 30);
    const p = posterior(s, "c5", ["x", "y"], 0);
    expect(p.priors.replyTemplateWeight).toBeLessThan(0.3);
  });
  it("shrinks a small-sample arm towards the fitted prior and leaves a well-measured one near its own rate", () => {
    const s = createLearner({ poolTemplatesAcrossContexts: false });
    // Twelve arms with about 10 % replies fix the prior; then one arm has 3 replies in 5 sends.
    for (let i = 0; i < 12; i++) feed(s, "c", `t${i}`, "A", 400, 36 + (i % 3) * 4, 20);
    feed(s, "c", "small", "A", 5, 3, 1);
    feed(s, "c", "big", "A", 1000, 300, 150);
    const p = posterior(s, "c", ["small", "big"], 0);
    const prior = p.priors.reply.a / (p.priors.reply.a + p.priors.reply.b);
    expect(prior).toBeGreaterThan(0.08);
    expect(prior).toBeLessThan(0.14);
    expect(mean(p.reply.small)).toBeLessThan(0.3);
    expect(Math.abs(mean(p.reply.small) - prior)).toBeLessThan(Math.abs(0.6 - mean(p.reply.small)));
    expect(mean(p.reply.big)).toBeGreaterThan(0.25);
  });
  it("a subject variant's multiplier is shared across templates of its group", () => {
    const s = createLearner({}, (_t, v) => v);
    feed(s, "c", "x", "A", 400, 20, 10);
    feed(s, "c", "x", "B", 400, 60, 30);
    const p = posterior(s, "c", ["x", "z"], 0);
    expect(p.variant.B.shape / p.variant.B.rate).toBeGreaterThan(1.2);
    expect(p.variant.A.shape / p.variant.A.rate).toBeLessThan(0.8);
    // z was never sent, yet its B arm is expected to beat its A arm.
    expect(expectedPositive(p, "z", "B")).toBeGreaterThan(expectedPositive(p, "z", "A"));
  });
  it("measures a subject variant's effect even when each template was sent mostly with one variant", () => {
    // True rates: x replies 10 %, y 20 %; subject A ×0.8, B ×1.2 (A/B = 0.67). x went out mostly
    // with B and y mostly with A, so each template's raw rate carries its main variant's effect:
    // estimated in one pass against those rates the pair came out 0.86 apart, not 0.67.
    const s = createLearner({}, (_t, v) => v);
    feed(s, "c", "x", "B", 900, 108, 54);
    feed(s, "c", "x", "A", 100, 8, 4);
    feed(s, "c", "y", "B", 100, 24, 12);
    feed(s, "c", "y", "A", 900, 144, 72);
    const p = posterior(s, "c", ["x", "y"], 0);
    const m = (g: string) => p.variant[g].shape / p.variant[g].rate;
    expect(m("A") / m("B")).toBeCloseTo(0.67, 1);
    // …and the templates' own rates are told apart from the subject lines they were sent with.
    expect(expectedPositive(p, "y", "B") / expectedPositive(p, "x", "B")).toBeGreaterThan(1.8);
  });
  it("forgets slowly: evidence loses half its weight per half-life, never all of it", () => {
    const s = createLearner({ halfLifeDays: 30 });
    feed(s, "c", "x", "A", 100, 30, 20, 0);
    expect(countsAt(s, "c", "x", "A", 0)).toEqual({ sends: 100, replies: 30, positives: 20 });
    const later = countsAt(s, "c", "x", "A", 30 * DAY);
    expect(later.sends).toBeCloseTo(50, 6);
    expect(later.positives).toBeCloseTo(10, 6);
    expect(countsAt(s, "c", "x", "A", 300 * DAY).sends).toBeGreaterThan(0);
    // The rate is kept while the weight fades: the posterior widens back towards the prior.
    const p0 = posterior(s, "c", ["x"], 0).reply.x, p1 = posterior(s, "c", ["x"], 300 * DAY).reply.x;
    expect(p1.a + p1.b).toBeLessThan(p0.a + p0.b);
  });
  it("late outcomes (observed out of order) count with their own age", () => {
    const s = createLearner({ halfLifeDays: 10 });
    observe(s, { context: "c", template: "x", variant: "A", at: 10 * DAY, replied: false, positive: false });
    observe(s, { context: "c", template: "x", variant: "A", at: 0, replied: true, positive: true });
    expect(countsAt(s, "c", "x", "A", 10 * DAY)).toEqual({ sends: 1.5, replies: 0.5, positives: 0.5 });
  });
});

describe("Thompson ranking", () => {
  it.each([
    // [discounted sends in the context, expected scale] with scale 0.3 at 500 sends, decay 1, floor 0.05
    [0, 1],
    [100, 1],
    [500, 0.3],
    [1000, 0.15],
    [2000, 0.075],
    [100000, 0.05],
  ])("with %s sends in the context the draw's variance scale is %s (annealed, clamped)", (n, want) => {
    const s = createLearner({ explorationScale: 0.3, explorationReference: 500, explorationDecay: 1, minExplorationScale: 0.05 });
    feed(s, "c", "x", "A", n, Math.round(n / 10), Math.round(n / 20));
    feed(s, "other", "x", "A", 5000, 500, 250); // another context's evidence does not count
    expect(explorationTemperature(s, "c", 0)).toBeCloseTo(want, 10);
  });
  it("forgetting widens the draw again: old evidence counts less", () => {
    const s = createLearner({ explorationScale: 0.3, explorationReference: 500, explorationDecay: 1, halfLifeDays: 30 });
    feed(s, "c", "x", "A", 1000, 100, 50, 0);
    expect(explorationTemperature(s, "c", 30 * DAY)).toBeCloseTo(0.3, 6);
  });
  it("is deterministic for a seed and mostly ranks the clearly better arm first", () => {
    const s = createLearner({}, (_t, v) => v);
    feed(s, "c", "good", "A", 300, 45, 30);
    feed(s, "c", "bad", "A", 300, 9, 2);
    const arms = [{ template: "good", variant: "A" }, { template: "bad", variant: "A" }];
    expect(rankArms(s, "c", arms, createRng(1), 0)).toEqual(rankArms(s, "c", arms, createRng(1), 0));
    const rng = createRng(2);
    let goodFirst = 0;
    for (let i = 0; i < 200; i++) if (rankArms(s, "c", arms, rng, 0)[0].template === "good") goodFirst++;
    expect(goodFirst).toBeGreaterThan(190);
  });
  it("still explores an unseen arm sometimes", () => {
    const s = createLearner({}, (_t, v) => v);
    feed(s, "c", "known", "A", 200, 18, 9);
    const arms = [{ template: "known", variant: "A" }, { template: "new", variant: "A" }];
    const rng = createRng(3);
    let fresh = 0;
    for (let i = 0; i < 400; i++) if (rankArms(s, "c", arms, rng, 0)[0].template === "new") fresh++;
    expect(fresh).toBeGreaterThan(10);
    expect(fresh).toBeLessThan(390);
  });
  it("returns every arm once, best sampled first", () => {
    const s = createLearner();
    const arms = ["x", "y", "z"].flatMap((t) => ["A", "B"].map((v) => ({ template: t, variant: v })));
    const ranked = rankArms(s, "c", arms, createRng(4), 0);
    expect(ranked).toHaveLength(6);
    expect(new Set(ranked.map((r) => `${r.template}${r.variant}`)).size).toBe(6);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].sampled).toBeGreaterThanOrEqual(ranked[i].sampled);
  });
});

describe("arm beliefs (the Learnings page)", () => {
  it("the clearly better arm has the higher mean and most of the P(best), with intervals around the mean", () => {
    const s = createLearner({}, (_t, v) => v);
    feed(s, "c", "good", "A", 300, 45, 30);
    feed(s, "c", "bad", "A", 300, 9, 2);
    const [good, bad] = armBeliefs(s, "c", [{ template: "good", variant: "A" }, { template: "bad", variant: "A" }], createRng(5), 0, 800);
    expect(good.mean).toBeGreaterThan(bad.mean);
    expect(good.pBest).toBeGreaterThan(0.95);
    expect(good.pBest + bad.pBest).toBeCloseTo(1, 10);
    for (const b of [good, bad]) {
      expect(b.lo).toBeLessThan(b.mean);
      expect(b.hi).toBeGreaterThan(b.mean);
    }
    expect(armBeliefs(s, "c", [], createRng(1), 0)).toEqual([]);
  });
});
