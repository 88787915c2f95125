import { describe, expect, it } from "vitest";
import { anomalies, digestWindow, proposals, trend, type DigestState, type WeekFigures } from "./digest";

const NY = { timeZone: "America/New_York", weekday: 1, hour: 8 };

describe("digestWindow", () => {
  it.each([
    // Monday 07:59 New York (12:59 UTC, EST): not yet
    ["2026-11-23T12:59:00Z", "2026-W48", false],
    // Monday 08:00 New York: due
    ["2026-11-23T13:00:00Z", "2026-W48", true],
    // Sunday 23:00 New York is already Monday UTC: still last week, and due (catch-up for W47)
    ["2026-11-23T04:00:00Z", "2026-W47", true],
    // Wednesday: due (a missed Monday catches up)
    ["2026-11-25T15:00:00Z", "2026-W48", true],
  ])("%s -> %s due %s", (at, week, due) => {
    const w = digestWindow(new Date(at), NY);
    expect(w.weekKey).toBe(week);
    expect(w.due).toBe(due);
  });

  it("covers the 7 local days before the scheduled day, DST included", () => {
    const w = digestWindow(new Date("2026-11-23T13:00:00Z"), NY);
    expect(w.periodEnd.toISOString()).toBe("2026-11-23T05:00:00.000Z"); // Monday 00:00 EST
    expect(w.periodStart.toISOString()).toBe("2026-11-16T05:00:00.000Z");
    // The week DST ends (Sunday 1 Nov 2026): Monday 2 Nov 00:00 EST, Monday 26 Oct 00:00 EDT -> 7 days + 1 h
    const dst = digestWindow(new Date("2026-11-02T14:00:00Z"), NY);
    expect(dst.periodEnd.toISOString()).toBe("2026-11-02T05:00:00.000Z");
    expect(dst.periodStart.toISOString()).toBe("2026-10-26T04:00:00.000Z");
  });

  it("other zones and weekdays", () => {
    const w = digestWindow(new Date("2026-11-23T06:30:00Z"), { timeZone: "Europe/Berlin", weekday: 1, hour: 7 });
    expect(w.due).toBe(true); // 07:30 in Berlin
    expect(w.periodEnd.toISOString()).toBe("2026-11-22T23:00:00.000Z");
    expect(digestWindow(new Date("2026-11-23T13:00:00Z"), { ...NY, weekday: 5 }).due).toBe(false);
  });
});

describe("trend", () => {
  it.each([
    [0.1, 0.05, 0.05],
    [null, 0.05, null],
    [3, null, null],
  ])("%s vs %s -> %s", (c, p, change) => {
    const t = trend(c, p);
    if (change === null) expect(t.change).toBeNull();
    else expect(t.change).toBeCloseTo(change);
  });
});

const week = (x: Partial<WeekFigures> = {}): WeekFigures => ({ sent: 100, delivered: 100, replies: 8, positiveReplies: 2, bounces: 0, complaints: 0, sendErrors: 0, ...x });
const state = (x: Partial<DigestState> = {}): DigestState => ({
  current: week(), previous: week(), sendingPaused: { on: false, by: null }, pausedDomains: [], openIncidents: [], pendingReviews: 0,
  oldestReviewHours: null, failedAlerts: 0, flaggedTemplates: [], templates: [], ...x,
});

describe("anomalies", () => {
  it.each<[string, Partial<DigestState>, RegExp | null]>([
    ["a quiet week", {}, null],
    ["reply rate halved", { current: week({ replies: 4 }) }, /Reply rate halved/],
    ["reply rate down but not halved", { current: week({ replies: 5 }) }, null],
    ["too few sends to compare", { current: week({ sent: 10, delivered: 10, replies: 0 }) }, null],
    ["a complaint", { current: week({ complaints: 1 }) }, /1 spam complaint/],
    ["bounces above 2 %", { current: week({ bounces: 3 }) }, /Bounce rate 3.0 %/],
    ["send errors", { current: week({ sendErrors: 2 }) }, /2 send errors/],
    ["paused", { sendingPaused: { on: true, by: "monitor:reply-rate" } }, /Sending is paused \(by monitor:reply-rate\)/],
    ["old review", { oldestReviewHours: 30 }, /waiting 30 h/],
    ["failed alerts", { failedAlerts: 1 }, /1 alert could not/],
  ])("%s", (_, s, expected) => {
    const a = anomalies(state(s));
    if (expected) expect(a.join("\n")).toMatch(expected);
    else expect(a).toEqual([]);
  });
});

describe("proposals", () => {
  it("proposes resuming what is paused, un-flagging flagged templates and pausing clearly weak ones", () => {
    const p = proposals(state({
      sendingPaused: { on: true, by: "monitor:reply-rate" },
      pausedDomains: [{ domain: "mail.caio.test", incidentId: "inc1", reason: "1 spam complaint" }, { domain: "x.test", incidentId: null, reason: "manual" }],
      flaggedTemplates: [{ templateId: "t1", name: "Case study", flagReason: "3 negative replies" }],
      templates: [
        { templateId: "t2", name: "Weak", sent: 40, replies: 1, positive: 0 }, // 2.5 % vs 8 % overall
        { templateId: "t3", name: "Fine", sent: 40, replies: 4, positive: 1 },
        { templateId: "t4", name: "Few sends", sent: 5, replies: 0, positive: 0 },
        { templateId: "t5", name: "Weak but positive", sent: 40, replies: 1, positive: 1 },
      ],
    }));
    expect(p.map((x) => [x.kind, x.params])).toEqual([
      ["RESUME_SENDING", {}],
      ["RESUME_DOMAIN", { incidentId: "inc1", domain: "mail.caio.test" }],
      ["UNFLAG_TEMPLATE", { templateId: "t1" }],
      ["PAUSE_TEMPLATE", { templateId: "t2" }],
    ]);
  });
  it("nothing to propose in a quiet week", () => {
    expect(proposals(state())).toEqual([]);
  });
});
