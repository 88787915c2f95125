/**
 * Failed sign-in throttling: after MAX_FAILURES failures inside WINDOW_MS for the same key
 * (an e-mail address or a client address) the key is locked for LOCK_MS.
 * A fixed window that starts at the first failure; a success clears the key.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export function isLocked(state: ThrottleState | null, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil.getTime() > now.getTime();
}

/** The state after one more failure at `now`. */
export function recordFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const windowExpired = !state || now.getTime() - state.windowStart.getTime() >= WINDOW_MS;
  const base = windowExpired ? { failures: 0, windowStart: now } : state;
  const failures = base.failures + 1;
  return {
    failures,
    windowStart: base.windowStart,
    lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null,
  };
}
