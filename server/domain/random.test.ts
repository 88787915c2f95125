import { describe, expect, it } from "vitest";
import { beta, createRng, gamma, hashSeed, uniformInt } from "./random";

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

describe("seeded randomness", () => {
  it("replays the same stream from the same seed and differs across seeds", () => {
    const a = createRng(42), b = createRng(42), c = createRng("42");
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(hashSeed("abc")).toBe(hashSeed("abc"));
    expect(hashSeed("abc")).not.toBe(hashSeed("abd"));
  });
  it("uniformInt stays in range", () => {
    const r = createRng(1);
    const seen = new Set(Array.from({ length: 500 }, () => uniformInt(r, 3)));
    expect([...seen].sort()).toEqual([0, 1, 2]);
  });
  it.each([
    [0.5, 0.5], [1, 1], [3, 3], [30, 30],
  ])("Gamma(%s) has mean and variance ≈ shape", (shape) => {
    const r = createRng(7);
    const xs = Array.from({ length: 20_000 }, () => gamma(r, shape));
    expect(mean(xs)).toBeCloseTo(shape, shape < 5 ? 1 : 0);
    expect(variance(xs) / shape).toBeGreaterThan(0.9);
    expect(variance(xs) / shape).toBeLessThan(1.1);
  });
  it.each([
    [3, 30], [4, 4], [1, 1], [0.5, 2],
  ])("Beta(%s, %s) matches its mean and variance", (a, b) => {
    const r = createRng(11);
    const xs = Array.from({ length: 20_000 }, () => beta(r, a, b));
    const m = a / (a + b);
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean(xs) - m)).toBeLessThan(0.01);
    expect(variance(xs) / v).toBeGreaterThan(0.9);
    expect(variance(xs) / v).toBeLessThan(1.1);
  });
  it("rejects a non-positive shape", () => {
    expect(() => gamma(createRng(1), 0)).toThrow(RangeError);
  });
});
