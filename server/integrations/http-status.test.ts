import { describe, expect, it } from "vitest";
import { isPermanentClientError, retryAfterMs } from "./http-status";

describe("isPermanentClientError", () => {
  it.each([
    [400, true], [401, true], [403, true], [404, true], [410, true], [422, true], [499, true],
    [408, false], [429, false], [500, false], [503, false], [200, false], [399, false], [undefined, false],
  ])("%s -> %s", (status, permanent) => {
    expect(isPermanentClientError(status)).toBe(permanent);
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-24T12:00:00Z");
  it.each([
    ["120", 120_000], [" 2 ", 2_000], ["1.5", 1_500], ["0", 0],
    ["Tue, 24 Nov 2026 12:00:30 GMT", 30_000], ["2026-11-24T12:01:00Z", 60_000],
    ["Tue, 24 Nov 2026 11:00:00 GMT", 0], // a date in the past: now
    [null, undefined], [undefined, undefined], ["", undefined], ["soon", undefined], ["-5", undefined],
  ])("%j -> %s ms", (value, ms) => {
    expect(retryAfterMs(value, now)).toBe(ms);
  });
});
