import { describe, expect, it } from "vitest";
import { betaInterval, ratioInterval } from "./intervals";
import { flagVerdict } from "./template-flags";

describe("credible intervals", () => {
  it.each([[1, 1], [5, 45], [40, 60]])("Beta(%s, %s) interval holds the mean and is deterministic", (a, b) => {
    const i = betaInterval(a, b);
    expect(i.lo).toBeLessThan(i.mean);
    expect(i.hi).toBeGreaterThan(i.mean);
    expect(betaInterval(a, b)).toEqual(i);
  });
  it.each<[number, number, number, number]>([
    // Closed forms: Beta(1, 1) is uniform; Beta(a, 1) has CDF x^a; Beta(1, b) has CDF 1 - (1 - x)^b.
    [1, 1, 0.05, 0.95],
    [3, 1, Math.pow(0.05, 1 / 3), Math.pow(0.95, 1 / 3)],
    [1, 4, 1 - Math.pow(0.95, 1 / 4), 1 - Math.pow(0.05, 1 / 4)],
  ])("Beta(%s, %s) 90 %% interval is the exact quantiles %s–%s", (a, b, lo, hi) => {
    const i = betaInterval(a, b);
    expect(i.lo).toBeCloseTo(lo, 6);
    expect(i.hi).toBeCloseTo(hi, 6);
  });
  it("narrows with more evidence", () => {
    const small = betaInterval(3, 27), large = betaInterval(300, 2700);
    expect(large.hi - large.lo).toBeLessThan((small.hi - small.lo) / 5);
  });
  it("a lift interval excludes 1 only with clear evidence", () => {
    expect(ratioInterval({ a: 41, b: 161 }, { a: 21, b: 381 }).lo).toBeGreaterThan(1);
    expect(ratioInterval({ a: 3, b: 19 }, { a: 2, b: 20 }).lo).toBeLessThan(1);
  });
});

describe("negative-outcome flags", () => {
  it.each<[string, { sends: number; negatives: number; complaints: number; baselineRate: number }, boolean]>([
    ["no sends", { sends: 0, negatives: 0, complaints: 0, baselineRate: 0.03 }, false],
    ["two complaints", { sends: 40, negatives: 2, complaints: 2, baselineRate: 0.03 }, true],
    ["one complaint alone", { sends: 40, negatives: 1, complaints: 1, baselineRate: 0.03 }, false],
    ["four negatives, however few sends (repeated means at least five)", { sends: 6, negatives: 4, complaints: 0, baselineRate: 0.03 }, false],
    ["many negatives in few sends", { sends: 20, negatives: 8, complaints: 0, baselineRate: 0.03 }, true],
    ["negatives at the baseline rate", { sends: 400, negatives: 12, complaints: 0, baselineRate: 0.03 }, false],
    ["slightly above baseline, not clearly", { sends: 100, negatives: 6, complaints: 0, baselineRate: 0.04 }, false],
    ["clearly above a high baseline", { sends: 200, negatives: 40, complaints: 0, baselineRate: 0.08 }, true],
    ["under the 2 % floor is never flagged for negatives", { sends: 1000, negatives: 15, complaints: 0, baselineRate: 0.001 }, false],
  ])("%s", (_n, input, flagged) => {
    const v = flagVerdict(input);
    expect(v.flag).toBe(flagged);
    if (v.flag) expect(v.reason).toMatch(/sends/);
  });
});
