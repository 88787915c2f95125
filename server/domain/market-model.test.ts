import { describe, expect, it } from "vitest";
import { armTruth, bestArm, drawOutcome, personaArms, sendTimeEffect, variantMultiplier } from "./market-model";
import { createRng } from "./random";

const spec = { seed: 3, personas: ["a", "b", "c"], templates: ["t1", "t2", "t3", "t4", "t5", "t6"], variants: 2 };

describe("market model", () => {
  it("hidden rates are fixed by (seed, persona, template)", () => {
    expect(armTruth(3, "a", "t1")).toEqual(armTruth(3, "a", "t1"));
    expect(armTruth(3, "a", "t1")).not.toEqual(armTruth(4, "a", "t1"));
    expect(armTruth(3, "a", "t1")).not.toEqual(armTruth(3, "b", "t1"));
  });
  it("draws r ~ Beta(3, 30) and q ~ Beta(4, 4) across pairs", () => {
    const xs = Array.from({ length: 4000 }, (_, i) => armTruth(i, "p", "t"));
    const mr = xs.reduce((s, x) => s + x.reply, 0) / xs.length;
    const mq = xs.reduce((s, x) => s + x.positiveShare, 0) / xs.length;
    expect(mr).toBeGreaterThan(3 / 33 - 0.006);
    expect(mr).toBeLessThan(3 / 33 + 0.006);
    expect(mq).toBeGreaterThan(0.49);
    expect(mq).toBeLessThan(0.51);
  });
  it.each([[0, 0.8], [1, 1.2], [5, 1.2], [-1, 0.8]])("variant %s multiplies the reply rate by %s", (v, m) => {
    expect(variantMultiplier(v)).toBe(m);
  });
  it("the oracle's arm has the highest true positive rate, and variant B beats A", () => {
    const arms = personaArms(spec, "a");
    expect(arms).toHaveLength(12);
    const best = bestArm(spec, "a");
    expect(best.positive).toBe(Math.max(...arms.map((a) => a.positive)));
    expect(best.arm.variant).toBe(1);
  });
  it("outcome frequencies follow the rates (benchmark mode: replies are positive or negative)", () => {
    const truth = { reply: 0.1, positiveShare: 0.25 };
    const r = createRng(5);
    const n = 40_000;
    let replies = 0, positives = 0;
    for (let i = 0; i < n; i++) {
      const o = drawOutcome(r, truth, 1);
      expect(o.bounced).toBe(false);
      if (o.reply) replies++;
      if (o.reply === "POSITIVE") positives++;
    }
    expect(replies / n).toBeCloseTo(0.12, 2);
    expect(positives / replies).toBeCloseTo(0.25, 1);
  });
  it("the simulator's outcomes include bounces, meetings and every reply kind", () => {
    const r = createRng(9);
    const kinds = new Set<string>();
    let bounces = 0, meetings = 0;
    for (let i = 0; i < 20_000; i++) {
      const o = drawOutcome(r, { reply: 0.5, positiveShare: 0.5 }, 1, 1, true);
      if (o.bounced) bounces++;
      if (o.meeting) { meetings++; expect(o.reply).toBe("POSITIVE"); }
      if (o.reply) kinds.add(o.reply);
    }
    expect([...kinds].sort()).toEqual(["NEGATIVE", "NEUTRAL", "OUT_OF_OFFICE", "POSITIVE", "UNSUBSCRIBE"]);
    expect(bounces / 20_000).toBeGreaterThan(0.005);
    expect(bounces / 20_000).toBeLessThan(0.02);
    expect(meetings).toBeGreaterThan(0);
  });
  it("send-time effects are per persona, deterministic and bounded", () => {
    const xs = Array.from({ length: 24 }, (_, h) => sendTimeEffect(1, "a", h, 2));
    expect(Math.max(...xs) / Math.min(...xs)).toBeGreaterThan(1.5);
    expect(xs.every((x) => x > 0.5 && x < 1.6)).toBe(true);
    expect(sendTimeEffect(1, "a", 10, 2)).toBe(sendTimeEffect(1, "a", 10, 2));
    expect(sendTimeEffect(1, "a", 10, 2)).not.toBe(sendTimeEffect(1, "b", 10, 2));
  });
});
