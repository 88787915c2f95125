import { describe, expect, it } from "vitest";
import { isLocked, LOCK_MS, MAX_FAILURES, recordFailure, WINDOW_MS, type ThrottleState } from "./sign-in-throttle";

const t0 = new Date("2026-11-24T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

function failN(n: number, stepMs: number): ThrottleState | null {
  let s: ThrottleState | null = null;
  for (let i = 0; i < n; i++) s = recordFailure(s, at(i * stepMs));
  return s;
}

describe("sign-in throttle", () => {
  it.each([
    [MAX_FAILURES - 1, 1000, false],
    [MAX_FAILURES, 1000, true],
    [MAX_FAILURES + 2, 1000, true],
    // failures spread beyond the window never accumulate to a lock
    [MAX_FAILURES * 2, WINDOW_MS / 2 + 1, false],
  ])("%i failures %ims apart -> locked %s", (n, step, locked) => {
    const s = failN(n, step);
    expect(isLocked(s, at((n - 1) * step))).toBe(locked);
  });

  it("unlocks once the lock has passed", () => {
    const s = failN(MAX_FAILURES, 1);
    expect(isLocked(s, at(LOCK_MS - 1))).toBe(true);
    expect(isLocked(s, at(MAX_FAILURES + LOCK_MS))).toBe(false);
  });

  it("no state is never locked", () => expect(isLocked(null, t0)).toBe(false));
});
