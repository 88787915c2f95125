import { describe, expect, it } from "vitest";
import { domainOfEmail, retryAfterLimit, sendLimitSpecs } from "./send-limits";
import { inSendingWindow, nextWindowOpening, timeZoneForUsState } from "./sending-window";

const T = new Date("2026-11-24T15:42:10Z"); // a Tuesday

describe("send limit counters", () => {
  it("uses fixed UTC windows and puts the phase limit under the hard daily limit", () => {
    expect(sendLimitSpecs(T, "Acme.COM", 25)).toEqual([
      { key: "send:month:2026-11", limit: 3000, windowStart: new Date("2026-11-01T00:00:00Z"), label: "monthly" },
      { key: "send:day:2026-11-24", limit: 25, windowStart: new Date("2026-11-24T00:00:00Z"), label: "phase daily" },
      { key: "send:hour:2026-11-24T15", limit: 20, windowStart: new Date("2026-11-24T15:00:00Z"), label: "hourly" },
      { key: "send:domain:acme.com:2026-11-24T15", limit: 5, windowStart: new Date("2026-11-24T15:00:00Z"), label: "per-domain hourly" },
    ]);
    expect(sendLimitSpecs(T, "x.io", 500)[1]).toMatchObject({ limit: 150, label: "daily" });
  });
  it("retry times start the next window", () => {
    expect(retryAfterLimit("hourly", T)).toEqual(new Date("2026-11-24T16:00:00Z"));
    expect(retryAfterLimit("phase daily", T)).toEqual(new Date("2026-11-25T00:00:00Z"));
    expect(retryAfterLimit("monthly", T)).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(retryAfterLimit("gap", T)).toEqual(new Date("2026-11-24T15:42:40Z"));
  });
  it.each([["a@Acme.com", "acme.com"], ["bad", null], ["x@", null], ["@x.com", null]])("domain of %s is %s", (e, d) => {
    expect(domainOfEmail(e)).toBe(d);
  });
});

describe("sending window", () => {
  const w = { timeZone: "America/New_York", startHour: 9, endHour: 17, days: [1, 2, 3, 4, 5] };
  it.each([
    ["2026-11-24T15:00:00Z", null, true], // 10:00 NY Tuesday
    ["2026-11-24T13:59:00Z", null, false], // 08:59 NY
    ["2026-11-24T22:00:00Z", null, false], // 17:00 NY
    ["2026-11-24T22:00:00Z", "America/Los_Angeles", true], // 14:00 LA
    ["2026-11-28T15:00:00Z", null, false], // Saturday
    ["2026-11-24T15:00:00Z", "Not/AZone", true], // bad zone falls back to the window's zone
  ])("%s in %s -> %s", (iso, tz, ok) => {
    expect(inSendingWindow(new Date(iso), w, tz)).toBe(ok);
  });
  it("finds the next opening (Friday evening -> Monday 9:00 NY)", () => {
    expect(nextWindowOpening(new Date("2026-11-27T23:30:00Z"), w)).toEqual(new Date("2026-11-30T14:00:00Z"));
    expect(nextWindowOpening(new Date("2026-11-24T15:00:00Z"), w)).toEqual(new Date("2026-11-24T15:00:00Z"));
    expect(nextWindowOpening(T, { ...w, days: [] })).toBeNull();
  });
  it("maps US states to zones", () => {
    expect(timeZoneForUsState("ca")).toBe("America/Los_Angeles");
    expect(timeZoneForUsState("Narnia")).toBeNull();
  });
});
