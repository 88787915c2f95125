import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./time";

describe("parseRetryAfter (the SDK's Retry-After on a failed step)", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  it.each<[string | null, number | undefined]>([
    ["2", now + 2_000],
    ["2026-11-24T12:05:00.000Z", Date.parse("2026-11-24T12:05:00Z")],
    ["Tue, 24 Nov 2026 12:00:10 GMT", now + 10_000],
    ["2026-11-24T11:00:00.000Z", now], // already past: retry now
    [null, undefined],
    ["later", undefined],
  ])("%j -> the time to retry at", (value, at) => {
    expect(parseRetryAfter(value, now)).toBe(at);
  });
});
