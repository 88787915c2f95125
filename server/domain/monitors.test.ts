import { describe, expect, it } from "vitest";
import { domainHealthVerdict, monitorAction, replyRateVerdict, sendingDomainVerdict, windowStart } from "./monitors";

describe("replyRateVerdict", () => {
  it.each([
    [{ delivered: 0, replies: 0 }, false, "need 20"],
    [{ delivered: 19, replies: 0 }, false, "need 20"],
    [{ delivered: 20, replies: 0 }, true, "below 3.0 %"],
    [{ delivered: 100, replies: 2 }, true, "2.0 %"],
    [{ delivered: 100, replies: 3 }, false, "at or above"],
    [{ delivered: 40, replies: 10 }, false, "25.0 %"],
  ])("%j -> trip %s", (m, trip, text) => {
    const v = replyRateVerdict(m);
    expect(v.trip).toBe(trip);
    expect(v.reason).toContain(text);
  });
});

describe("domainHealthVerdict", () => {
  it.each([
    // healthy: opens 40 %, no bounces -> 100
    [{ delivered: 100, bounces: 0, complaints: 0, opens: 40, replies: 2 }, false, 100],
    // bounce 6 % (-30) + complaint 1 % (-40) = 30 -> trips
    [{ delivered: 100, bounces: 6, complaints: 1, opens: 40, replies: 0 }, true, 30],
    // bounce 3 % (-15) + open 10 % (-20) + complaint 0.06 % no (0 complaints) = 65 -> fine
    [{ delivered: 100, bounces: 3, complaints: 0, opens: 10, replies: 0 }, false, 65],
    // exactly 50 does not trip (below 50 does): bounce 6 % (-30) + open 10 % (-20)
    [{ delivered: 100, bounces: 6, complaints: 0, opens: 10, replies: 0 }, false, 50],
    // too few sends: no verdict even when terrible
    [{ delivered: 10, bounces: 5, complaints: 1, opens: 0, replies: 0 }, false, 10],
  ])("%j -> trip %s, score %s", (m, trip, score) => {
    const v = domainHealthVerdict(m);
    expect(v.trip).toBe(trip);
    expect(v.value).toBe(score);
  });
});

describe("sendingDomainVerdict", () => {
  it.each([
    [{ sent: 1, bounces: 0, complaints: 1 }, true, "1 spam complaint"],
    [{ sent: 5, bounces: 3, complaints: 0 }, false, "need 10"],
    [{ sent: 100, bounces: 2, complaints: 0 }, false, "no complaints"],
    [{ sent: 100, bounces: 3, complaints: 0 }, true, "above 2.0 %"],
    [{ sent: 0, bounces: 0, complaints: 0 }, false, "need 10"],
  ])("%j -> trip %s", (m, trip, text) => {
    const v = sendingDomainVerdict(m);
    expect(v.trip).toBe(trip);
    expect(v.reason).toContain(text);
  });
});

describe("windowStart and monitorAction", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it("starts at the window length back, or at the last approver close when later", () => {
    expect(windowStart(now, 3_600_000, null).toISOString()).toBe("2026-11-24T11:00:00.000Z");
    expect(windowStart(now, 3_600_000, new Date("2026-11-24T11:30:00Z")).toISOString()).toBe("2026-11-24T11:30:00.000Z");
    expect(windowStart(now, 3_600_000, new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-24T11:00:00.000Z");
  });
  it.each([
    [true, false, "OPEN_INCIDENT"],
    [true, true, "NONE"],
    [false, false, "NONE"],
    [false, true, "NONE"],
  ] as const)("trip %s, open %s -> %s", (trip, open, action) => {
    expect(monitorAction({ trip, value: 0, reason: "" }, open)).toBe(action);
  });
});
