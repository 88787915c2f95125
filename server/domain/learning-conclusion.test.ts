import { describe, expect, it } from "vitest";
import { learningConclusion, type ArmSummary } from "./learning-conclusion";

const arm = (templateKey: string, variantKey: string, pBest: number): ArmSummary => ({ templateKey, variantKey, pBest, pPositive: { mean: 0.05, lo: 0.02, hi: 0.09 } });

describe("learningConclusion", () => {
  it.each<[string, ArmSummary[], number, RegExp]>([
    ["no active templates", [], 10, /^No active templates\.$/],
    ["no settled sends yet", [arm("x", "A", 0.2), arm("y", "B", 0.3)], 0, /^No sends yet: .* y\/B is as likely as any\.$/],
    ["one arm clearly ahead", [arm("y", "A", 0.05), arm("x", "B", 0.05), arm("x", "A", 0.9)], 40,
      /^x with subject A is the best arm with probability 90\.0 %: P\(positive\) 5\.0 % \(90 % interval 2\.0 %–9\.0 %\), from 40 settled sends in this group\.$/],
    ["a template ahead, its subjects not told apart", [arm("x", "A", 0.5), arm("y", "A", 0.05), arm("x", "B", 0.45)], 40,
      /^x is the best template with probability 95\.0 %; its subject lines are not told apart yet \(chance of being the best arm: A 50\.0 %, B 45\.0 %\)\. With subject A: P\(positive\) 5\.0 % \(90 % interval/],
    // The template with the most P(best) in total wins, even when another has the single top arm.
    ["the template's total decides", [arm("y", "A", 0.4), arm("x", "A", 0.32), arm("x", "B", 0.28)], 40, /^x is the best template with probability 60\.0 %/],
    ["at the threshold the subject counts as told apart", [arm("x", "A", 0.8), arm("x", "B", 0.2)], 40, /^x with subject A is the best arm with probability 80\.0 %/],
    ["a one-subject template is never 'not told apart'", [arm("x", "A", 0.6), arm("y", "A", 0.4)], 40, /^x with subject A is the best arm/],
  ])("%s", (_name, arms, sends, expected) => {
    expect(learningConclusion(arms, sends)).toMatch(expected);
  });
});
