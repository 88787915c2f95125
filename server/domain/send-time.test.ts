import { describe, expect, it } from "vitest";
import { bucketBeliefs, bucketLabel, hourOfWeek, pickSendTime, type BucketCounts } from "./send-time";

const W = { timeZone: "UTC", startHour: 9, endHour: 17, days: [1, 2, 3, 4, 5] };
const TUE_10 = new Date("2026-11-24T10:00:00Z"); // Tuesday
const bucket = (day: number, hour: number) => (day - 1) * 24 + hour;

function counts(entries: [number, number, number][]): Map<number, BucketCounts> {
  return new Map(entries.map(([b, sends, replies]) => [b, { sends, replies }]));
}

describe("hour-of-week buckets", () => {
  it.each([
    ["2026-11-23T00:30:00Z", "UTC", 0, "Mon 00:00"],
    ["2026-11-24T10:00:00Z", "UTC", 34, "Tue 10:00"],
    ["2026-11-24T10:00:00Z", "America/New_York", 29, "Tue 05:00"],
    ["2026-11-29T23:59:00Z", "UTC", 167, "Sun 23:00"],
    ["2026-11-24T10:00:00Z", "Not/AZone", 34, "Tue 10:00"],
  ])("%s in %s is bucket %s (%s)", (iso, tz, b, label) => {
    expect(hourOfWeek(new Date(iso), tz)).toBe(b);
    expect(bucketLabel(b)).toBe(label);
  });
  it("shrinks a thin bucket towards the persona's rate", () => {
    const b = bucketBeliefs(counts([[bucket(2, 10), 3, 3], [bucket(2, 14), 300, 30]]));
    const thin = b.buckets.find((x) => x.bucket === bucket(2, 10))!;
    expect(thin.mean).toBeLessThan(0.3);
    expect(thin.lo).toBeLessThan(thin.mean);
  });
});

describe("picking the send time", () => {
  it("sends at once without enough evidence", () => {
    const p = pickSendTime(TUE_10, W, null, counts([[bucket(2, 15), 20, 10]]), 24);
    expect(p).toMatchObject({ at: TUE_10, moved: false });
    expect(p.reason).toMatch(/not enough evidence/);
  });
  it("moves to a clearly better slot within the allowed delay", () => {
    const p = pickSendTime(TUE_10, W, null, counts([[bucket(2, 10), 200, 10], [bucket(2, 15), 200, 40]]), 24);
    expect(p.moved).toBe(true);
    expect(p.at).toEqual(new Date("2026-11-24T15:00:00Z"));
  });
  it("does not move for a small difference", () => {
    const p = pickSendTime(TUE_10, W, null, counts([[bucket(2, 10), 200, 20], [bucket(2, 15), 200, 21]]), 24);
    expect(p).toMatchObject({ at: TUE_10, moved: false });
  });
  it("never leaves the window or the allowed delay", () => {
    // The best bucket is Saturday (closed) and Thursday 15:00 (beyond 24 h): stay.
    const reachable: [number, number, number][] = [10, 11, 12, 13, 14, 15, 16].map((h) => [bucket(2, h), 200, 10]);
    reachable.push(...[9, 10].map((h): [number, number, number] => [bucket(3, h), 200, 10]));
    const p = pickSendTime(TUE_10, W, null, counts([...reachable, [bucket(6, 11), 200, 80], [bucket(4, 15), 200, 80]]), 24);
    expect(p).toMatchObject({ at: TUE_10, moved: false });
  });
  it("outside the window the baseline is the next opening", () => {
    const evening = new Date("2026-11-24T20:00:00Z");
    const p = pickSendTime(evening, W, null, counts([[bucket(3, 9), 200, 20]]), 24);
    expect(p.at).toEqual(new Date("2026-11-25T09:00:00Z"));
  });
});
