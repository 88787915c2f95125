import { describe, expect, it } from "vitest";
import { combineReplyClassification } from "./reply-classification-policy";
import type { ReplyClass } from "./reply-classifier";

describe("combineReplyClassification", () => {
  it.each<[ReplyClass, string, ReplyClass | null, ReplyClass, string]>([
    // LLM off / failed: the rules decide.
    ["POSITIVE", "lets-talk", null, "POSITIVE", "lets-talk"],
    // Rules' opt-out is never overridden.
    ["UNSUBSCRIBE", "remove-me", "POSITIVE", "UNSUBSCRIBE", "remove-me"],
    // Header-detected auto-replies stand; text-detected ones can be corrected.
    ["OUT_OF_OFFICE", "ooo-header:auto-submitted", "POSITIVE", "OUT_OF_OFFICE", "ooo-header:auto-submitted"],
    ["OUT_OF_OFFICE", "ooo-returning", "POSITIVE", "POSITIVE", "llm:fake"],
    // The LLM reads nuance the rules miss, and its opt-out is honoured.
    ["NEUTRAL", "default", "POSITIVE", "POSITIVE", "llm:fake"],
    ["POSITIVE", "lets-talk", "NEGATIVE", "NEGATIVE", "llm:fake"],
    ["NEUTRAL", "default", "UNSUBSCRIBE", "UNSUBSCRIBE", "llm:fake"],
    // Agreement keeps the rule name (more specific than "llm").
    ["NEGATIVE", "not-interested", "NEGATIVE", "NEGATIVE", "not-interested"],
  ])("rules %s (%s) + llm %s -> %s (%s)", (rc, rule, llm, want, wantRule) => {
    const r = combineReplyClassification({ classification: rc, rule }, llm, "fake");
    expect(r.classification).toBe(want);
    expect(r.rule).toBe(wantRule);
    expect(r.source).toBe(wantRule.startsWith("llm:") ? "llm" : "rules");
  });
});
