import { decodeTime } from "ulid";
import { describe, expect, it } from "vitest";
import { monotonicUlid, ulid } from "./ulid";

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe("ulid (pooled CSPRNG)", () => {
  it("gives well-formed, distinct ids across many refills of the random pool", () => {
    const ids = Array.from({ length: 50_000 }, () => ulid()); // 16 random bytes an id: ~200 refills of 4 KB
    expect(ids.every((id) => CROCKFORD.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // The random part uses the whole alphabet, in roughly equal shares (a stuck or biased pool would not).
    const counts = new Map<string, number>();
    for (const id of ids) for (const c of id.slice(10)) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (ids.length * 16) / 32;
    for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.05);
  });

  it.each([1, 1_795_527_075_930, 281_474_976_710_655])("encodes the given time %i in the time part", (t) => {
    expect(decodeTime(ulid(t))).toBe(t);
  });

  it("monotonic ids increase strictly, also within one millisecond", () => {
    const t = Date.now();
    const ids = Array.from({ length: 1000 }, () => monotonicUlid(t));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
