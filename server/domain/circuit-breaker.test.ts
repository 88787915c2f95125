import { describe, expect, it } from "vitest";
import { decideAcquire, INITIAL, onFailure, onSuccess, type BreakerConfig, type BreakerState } from "./circuit-breaker";

const cfg: BreakerConfig = { failureThreshold: 3, openMs: 120_000, halfOpenMaxTrials: 1 };

/** A fake clock: tests move time explicitly, never wait. */
function clock(start = Date.parse("2026-11-24T10:00:00Z")) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

/** Drives the machine like a caller would: acquire, then report. */
function harness(config = cfg) {
  const c = clock();
  let s: BreakerState = { ...INITIAL };
  return {
    clock: c,
    get state() { return s; },
    acquire() { const d = decideAcquire(s, config, c.now()); s = d.next; return d; },
    fail() { s = onFailure(s, config, c.now()); },
    succeed() { s = onSuccess(s); },
  };
}

describe("circuit breaker", () => {
  it("CLOSED allows calls; opens after N consecutive failures", () => {
    const h = harness();
    for (let i = 0; i < 2; i++) { expect(h.acquire().allowed).toBe(true); h.fail(); }
    expect(h.state.state).toBe("CLOSED");
    expect(h.acquire().allowed).toBe(true);
    h.fail();
    expect(h.state.state).toBe("OPEN");
    expect(h.state.openUntil!.getTime() - h.clock.now().getTime()).toBe(120_000);
  });

  it("a success in CLOSED resets the failure count (failures must be consecutive)", () => {
    const h = harness();
    h.fail(); h.fail(); h.succeed(); h.fail(); h.fail();
    expect(h.state.state).toBe("CLOSED");
    h.fail();
    expect(h.state.state).toBe("OPEN");
  });

  it("OPEN blocks every call until openMs passes, reporting retryAt", () => {
    const h = harness();
    h.fail(); h.fail(); h.fail();
    const until = h.state.openUntil!;
    for (const step of [0, 1_000, 60_000, 58_999]) {
      h.clock.advance(step);
      const d = h.acquire();
      expect(d.allowed).toBe(false);
      expect(d.retryAt).toEqual(until);
    }
    h.clock.advance(1);
    const d = h.acquire();
    expect(d).toMatchObject({ allowed: true });
    expect(h.state.state).toBe("HALF_OPEN");
  });

  it("HALF_OPEN allows only halfOpenMaxTrials trial calls", () => {
    const h = harness();
    h.fail(); h.fail(); h.fail();
    h.clock.advance(120_000);
    expect(h.acquire().allowed).toBe(true);
    expect(h.acquire().allowed).toBe(false);
    expect(h.acquire().allowed).toBe(false);

    const h2 = harness({ ...cfg, halfOpenMaxTrials: 2 });
    h2.fail(); h2.fail(); h2.fail();
    h2.clock.advance(120_000);
    expect([h2.acquire().allowed, h2.acquire().allowed, h2.acquire().allowed]).toEqual([true, true, false]);
  });

  it("a trial success closes the breaker", () => {
    const h = harness();
    h.fail(); h.fail(); h.fail();
    h.clock.advance(120_000);
    h.acquire();
    h.succeed();
    expect(h.state).toEqual(INITIAL);
    expect(h.acquire().allowed).toBe(true);
  });

  it("a trial failure reopens for another openMs", () => {
    const h = harness();
    h.fail(); h.fail(); h.fail();
    h.clock.advance(120_000);
    h.acquire();
    h.clock.advance(5_000);
    h.fail();
    expect(h.state.state).toBe("OPEN");
    expect(h.state.openUntil).toEqual(new Date(h.clock.now().getTime() + 120_000));
    expect(h.acquire().allowed).toBe(false);
  });

  it("an unreported trial expires after openMs so the breaker cannot stick half-open", () => {
    const h = harness();
    h.fail(); h.fail(); h.fail();
    h.clock.advance(120_000);
    expect(h.acquire().allowed).toBe(true); // trial taken, outcome never reported
    h.clock.advance(119_999);
    expect(h.acquire().allowed).toBe(false);
    h.clock.advance(1);
    expect(h.acquire().allowed).toBe(true);
    expect(h.state.state).toBe("HALF_OPEN");
  });

  it("a late success while OPEN does not close it; a late failure keeps it open without extending", () => {
    const h = harness();
    h.fail(); h.fail(); h.fail();
    const until = h.state.openUntil;
    h.succeed();
    expect(h.state.state).toBe("OPEN");
    h.clock.advance(10_000);
    h.fail();
    expect(h.state.state).toBe("OPEN");
    expect(h.state.openUntil).toEqual(until);
  });

  it.each([
    [{ failureThreshold: 5, openMs: 300_000, halfOpenMaxTrials: 1 }, 5],
    [{ failureThreshold: 1, openMs: 1, halfOpenMaxTrials: 1 }, 1],
  ])("threshold from config %o", (config, n) => {
    const h = harness(config);
    for (let i = 0; i < n - 1; i++) h.fail();
    expect(h.state.state).toBe("CLOSED");
    h.fail();
    expect(h.state.state).toBe("OPEN");
  });
});
