import { describe, expect, it } from "vitest";
import { domainHealth, emailQualityScore, isOverride, overrideRate, rate } from "./metrics";

describe("rate", () => {
  it.each([[1, 4, 0.25], [0, 10, 0], [3, 0, null]])("%i / %i = %s", (n, d, e) => expect(rate(n, d)).toBe(e));
});

describe("emailQualityScore", () => {
  it("is null with no ratings", () => expect(emailQualityScore([])).toBeNull());
  it("averages all five dimensions of all ratings", () => {
    const r = (v: number) => ({ personalisation: v, subject: v, valueProposition: v, cta: v, tone: v });
    expect(emailQualityScore([r(5), r(3)])).toBe(4);
    expect(emailQualityScore([{ personalisation: 5, subject: 4, valueProposition: 3, cta: 2, tone: 1 }])).toBe(3);
  });
});

describe("domainHealth", () => {
  const base = { delivered: 1000, bounces: 0, complaints: 0, opens: 400, replies: 20 };
  it.each([
    ["healthy", base, 100],
    ["nothing delivered", { ...base, delivered: 0 }, null],
    ["bounce 1.5 %", { ...base, bounces: 15 }, 95],
    ["bounce exactly 2 % is not above 2 %", { ...base, bounces: 20 }, 95],
    ["bounce 3 %", { ...base, bounces: 30 }, 85],
    ["bounce 6 %", { ...base, bounces: 60 }, 70],
    ["complaints 0.06 %", { ...base, complaints: 0.6 }, 80],
    ["complaints 0.2 %", { ...base, complaints: 2 }, 60],
    ["open 25 %", { ...base, opens: 250 }, 90],
    ["open 10 %", { ...base, opens: 100 }, 80],
    ["reply 6 % adds 10 but clamps at 100", { ...base, replies: 60 }, 100],
    ["reply 6 % offsets a bounce penalty", { ...base, replies: 60, bounces: 30 }, 95],
    ["everything bad clamps at 0", { delivered: 100, bounces: 10, complaints: 1, opens: 0, replies: 0 }, 10],
  ])("%s -> %s", (_n, input, expected) => expect(domainHealth(input).score).toBe(expected));

  it("explains each adjustment", () => {
    expect(domainHealth({ ...base, bounces: 30, opens: 100 }).adjustments.map((a) => a.points)).toEqual([-15, -20]);
  });
});

describe("override rate", () => {
  it.each([
    ["REJECT", "AUTO_SEND", true],
    ["REJECT", "AUTO_SEND_DELAYED", true],
    ["APPROVE", "AUTO_SEND", false],
    ["APPROVE", "DROP", true],
    ["APPROVE_EDITED", "DROP", true],
    ["REJECT", "REVIEW", false],
    ["APPROVE", "REVIEW", false],
    ["SNOOZE", "AUTO_SEND", false],
  ])("%s against %s -> override %s", (d, r, e) => expect(isOverride(d, r)).toBe(e));

  it("is null without judged reviews and counts only those with a recommendation", () => {
    expect(overrideRate([])).toBeNull();
    expect(overrideRate([{ decision: "REJECT", systemRecommendation: null }])).toBeNull();
    expect(overrideRate([
      { decision: "REJECT", systemRecommendation: "AUTO_SEND" },
      { decision: "APPROVE", systemRecommendation: "AUTO_SEND" },
      { decision: "APPROVE", systemRecommendation: "REVIEW" },
      { decision: "REJECT", systemRecommendation: null },
    ])).toBeCloseTo(1 / 3);
  });
});
