import { describe, expect, it } from "vitest";
import { followUpStopReason, isFinalOutcome, watchDeadline, watchResult } from "./outcome-watch";

describe("isFinalOutcome", () => {
  it.each([
    ["REPLY", "POSITIVE", true],
    ["REPLY", "NEGATIVE", true],
    ["REPLY", "NEUTRAL", true],
    ["REPLY", "UNSUBSCRIBE", true],
    ["REPLY", "OUT_OF_OFFICE", false],
    ["REPLY", null, false],
    ["BOUNCE", null, true],
    ["COMPLAINT", null, true],
    ["UNSUBSCRIBE", null, true],
    ["MEETING", null, true],
    ["DELIVERED", null, false],
    ["OPENED", null, false],
    ["OPPORTUNITY", null, false],
    ["NO_REPLY", null, false],
  ] as const)("%s / %s -> %s", (type, classification, final) => {
    expect(isFinalOutcome({ type, classification })).toBe(final);
  });
});

describe("followUpStopReason", () => {
  it.each([
    ["REPLY", "POSITIVE", /replied positively/],
    ["REPLY", "NEGATIVE", /declined/],
    ["REPLY", "UNSUBSCRIBE", /unsubscribe/],
    ["REPLY", "NEUTRAL", null],
    ["REPLY", "OUT_OF_OFFICE", null],
    ["BOUNCE", null, /bounced/],
    ["COMPLAINT", null, /spam/],
    ["UNSUBSCRIBE", null, /unsubscribed/],
    ["MEETING", null, /meeting/],
    ["DELIVERED", null, null],
    ["OPENED", null, null],
  ] as const)("%s / %s", (type, classification, reason) => {
    const r = followUpStopReason({ type, classification });
    if (reason === null) expect(r).toBeNull();
    else expect(r).toMatch(reason);
  });
});

describe("watchResult / watchDeadline", () => {
  it("labels the closing outcome, NO_REPLY when none", () => {
    expect(watchResult({ type: "REPLY", classification: "POSITIVE" })).toBe("REPLY:POSITIVE");
    expect(watchResult({ type: "MEETING", classification: null })).toBe("MEETING");
    expect(watchResult(null)).toBe("NO_REPLY");
  });
  it("ends 72 h after the send", () => {
    expect(watchDeadline(new Date("2026-01-05T10:00:00Z")).toISOString()).toBe("2026-01-08T10:00:00.000Z");
  });
});
