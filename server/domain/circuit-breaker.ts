/**
 * Circuit breaker state machine (DESIGN.md §4), pure: the database layer
 * (server/features/breakers/breakers.service.ts) stores the state and applies these transitions
 * with compare-and-set updates, so every process sees the same breaker.
 *
 * CLOSED --N consecutive failures--> OPEN --openMs passes--> HALF_OPEN (up to halfOpenMaxTrials
 * trial calls) --success--> CLOSED / --failure--> OPEN. A trial whose outcome is never reported
 * (the process died mid-call) expires after openMs, so the breaker cannot stick in HALF_OPEN.
 */
export const BREAKER_STATES = ["CLOSED", "OPEN", "HALF_OPEN"] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

export interface BreakerConfig {
  failureThreshold: number;
  openMs: number;
  halfOpenMaxTrials: number;
}

export interface BreakerState {
  state: BreakerStateName;
  failures: number;
  openedAt: Date | null;
  /** OPEN: when trial calls may start. HALF_OPEN: when unreported trials expire. */
  openUntil: Date | null;
  halfOpenTrials: number;
}

export const INITIAL: BreakerState = { state: "CLOSED", failures: 0, openedAt: null, openUntil: null, halfOpenTrials: 0 };

export interface AcquireDecision {
  allowed: boolean;
  /** State after the decision (what acquire reports). */
  next: BreakerState;
  retryAt?: Date;
}

const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

function open(state: BreakerState, cfg: BreakerConfig, now: Date): BreakerState {
  return { state: "OPEN", failures: state.failures, openedAt: now, openUntil: plus(now, cfg.openMs), halfOpenTrials: 0 };
}

export function decideAcquire(s: BreakerState, cfg: BreakerConfig, now: Date): AcquireDecision {
  switch (s.state) {
    case "CLOSED":
      return { allowed: true, next: s };
    case "OPEN": {
      if (s.openUntil && now < s.openUntil) return { allowed: false, next: s, retryAt: s.openUntil };
      const next: BreakerState = { ...s, state: "HALF_OPEN", halfOpenTrials: 1, openUntil: plus(now, cfg.openMs) };
      return { allowed: true, next };
    }
    case "HALF_OPEN": {
      const expired = !s.openUntil || now >= s.openUntil;
      if (expired) return { allowed: true, next: { ...s, halfOpenTrials: 1, openUntil: plus(now, cfg.openMs) } };
      if (s.halfOpenTrials < cfg.halfOpenMaxTrials) return { allowed: true, next: { ...s, halfOpenTrials: s.halfOpenTrials + 1 } };
      return { allowed: false, next: s, retryAt: s.openUntil ?? undefined };
    }
  }
}

export function onSuccess(s: BreakerState): BreakerState {
  // A late success reported while OPEN (from a call started before it opened) does not close it:
  // only a half-open trial proves recovery.
  if (s.state === "OPEN") return s;
  return { ...INITIAL };
}

export function onFailure(s: BreakerState, cfg: BreakerConfig, now: Date): BreakerState {
  switch (s.state) {
    case "CLOSED": {
      const failures = s.failures + 1;
      return failures >= cfg.failureThreshold ? open({ ...s, failures }, cfg, now) : { ...s, failures };
    }
    case "HALF_OPEN":
      return open({ ...s, failures: s.failures + 1 }, cfg, now);
    case "OPEN":
      return { ...s, failures: s.failures + 1 };
  }
}

export function sameState(a: BreakerState, b: BreakerState): boolean {
  return a.state === b.state && a.failures === b.failures && a.halfOpenTrials === b.halfOpenTrials &&
    a.openedAt?.getTime() === b.openedAt?.getTime() && a.openUntil?.getTime() === b.openUntil?.getTime();
}
