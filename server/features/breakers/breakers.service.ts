import type { Db } from "@/server/db/client";
import {
  decideAcquire, onFailure, onSuccess, sameState,
  type BreakerConfig, type BreakerState, type BreakerStateName,
} from "@/server/domain/circuit-breaker";
import { raiseAlertSafely } from "@/server/features/alerts/alerts.service";
import { logger, scrub } from "@/server/logger";
import * as repo from "./breakers.repository";

/** Per-service breaker settings (DESIGN.md §4). The GHL send path reuses this module. */
export const BREAKERS = {
  clay: { failureThreshold: 3, openMs: 120_000, halfOpenMaxTrials: 1 },
  ghl: { failureThreshold: 5, openMs: 300_000, halfOpenMaxTrials: 1 },
} as const satisfies Record<string, BreakerConfig>;

export type BreakerService = keyof typeof BREAKERS;

export interface AcquireResult {
  allowed: boolean;
  state: BreakerStateName;
  retryAt?: Date;
}

/** Bounded: each lost race means another process made progress, so this only loops under heavy contention. */
const MAX_CAS_ATTEMPTS = 50;
/**
 * A lost race waits a random, growing moment before reading again. Without it, on PostgreSQL (a
 * connection pool per instance, so many CAS rounds in flight at once) a burst of provider failures
 * from ~100 concurrent senders kept colliding until the 50 attempts ran out.
 */
const casBackoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 100)));

function toState(row: repo.BreakerRow): BreakerState {
  return {
    state: row.state as BreakerStateName, failures: row.failures, openedAt: row.openedAt,
    openUntil: row.openUntil, halfOpenTrials: row.halfOpenTrials,
  };
}

async function transition<T>(
  db: Db,
  service: BreakerService,
  step: (row: repo.BreakerRow) => { next: BreakerState; extra?: Record<string, unknown>; result: T },
): Promise<T> {
  for (let i = 0; i < MAX_CAS_ATTEMPTS; i++) {
    const row = await repo.findOrCreate(db, service);
    const { next, extra, result } = step(row);
    if (sameState(toState(row), next) && !extra) return result;
    const ok = await repo.casUpdate(db, service, row.version, {
      state: next.state, failures: next.failures, openedAt: next.openedAt, openUntil: next.openUntil,
      halfOpenTrials: next.halfOpenTrials, ...extra,
    });
    if (ok) {
      if (row.state !== next.state) logger.info({ service, from: row.state, to: next.state }, "circuit breaker transition");
      // A fresh outage alerts once; a failed half-open trial re-opening it does not alert again.
      if (row.state === "CLOSED" && next.state === "OPEN") await alertOpened(db, service, next);
      return result;
    }
    await casBackoff(i);
  }
  throw new Error(`circuit breaker ${service}: too much contention`);
}

const CONSEQUENCE: Record<BreakerService, string> = {
  clay: "enrichment continues with partial data; visitors are marked for backfill",
  ghl: "sends are blocked until it recovers",
};

function alertOpened(db: Db, service: BreakerService, next: BreakerState) {
  const until = next.openUntil?.toISOString() ?? "unknown";
  return raiseAlertSafely(db, {
    kind: "BREAKER_OPEN", severity: service === "ghl" ? "CRITICAL" : "WARNING", title: `${service.toUpperCase()} circuit breaker opened`,
    text: `${BREAKERS[service].failureThreshold} failures in a row: ${CONSEQUENCE[service]}. First retry after ${until}.`,
    link: "/settings#integrations", dedupeKey: `breaker:${service}:${next.openedAt?.toISOString() ?? until}`, subject: { type: "breaker", id: service },
  }, { now: next.openedAt ?? undefined });
}

/** Asks to make one call. While OPEN (or HALF_OPEN with its trials taken) the answer is no. */
export function acquire(db: Db, service: BreakerService, now: Date): Promise<AcquireResult> {
  return transition(db, service, (row) => {
    const d = decideAcquire(toState(row), BREAKERS[service], now);
    return { next: d.next, result: { allowed: d.allowed, state: d.next.state, ...(d.retryAt ? { retryAt: d.retryAt } : {}) } };
  });
}

/**
 * The acquire decision for a breaker row read elsewhere (e.g. in a SqliteWriter snapshot) when it
 * changes nothing (the usual CLOSED case): no compare-and-set round is needed. `undefined` when it
 * would change the row (or there is no row yet): call `acquire`.
 */
export function acquireWithoutWrite(row: BreakerState | null, service: BreakerService, now: Date): AcquireResult | undefined {
  if (!row) return undefined;
  const d = decideAcquire(row, BREAKERS[service], now);
  if (!sameState(row, d.next)) return undefined;
  return { allowed: d.allowed, state: d.next.state, ...(d.retryAt ? { retryAt: d.retryAt } : {}) };
}

/** Whether a success leaves this row's state as it is (then only lastSuccessAt moves, see recordSuccess). */
export function successChangesNothing(row: BreakerState | null): boolean {
  return row !== null && sameState(row, onSuccess(row));
}

export async function recordSuccess(db: Db, service: BreakerService, now: Date): Promise<void> {
  // The common case (CLOSED stays CLOSED) only moves lastSuccessAt, which no transition reads: a
  // plain write, not a compare-and-set round, so every successful call does not contend on the row
  // (with a connection pool per instance on PostgreSQL, ~100 concurrent senders exhausted the CAS).
  const row = await repo.findOrCreate(db, service);
  if (sameState(toState(row), onSuccess(toState(row)))) return repo.touchSuccess(db, service, now);
  return transition(db, service, (r) => ({ next: onSuccess(toState(r)), extra: { lastSuccessAt: now }, result: undefined }));
}

export function recordFailure(db: Db, service: BreakerService, now: Date, errorMessage: string): Promise<void> {
  const lastError = scrub(errorMessage).slice(0, 500);
  return transition(db, service, (row) => ({
    next: onFailure(toState(row), BREAKERS[service], now),
    extra: { lastFailureAt: now, lastError },
    result: undefined,
  }));
}

export interface BreakerStatus {
  service: string;
  state: BreakerStateName;
  failures: number;
  openUntil: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
}

/** Every configured breaker (never-used ones report CLOSED), for health pages. */
export async function status(db: Db): Promise<BreakerStatus[]> {
  const rows = new Map((await repo.all(db)).map((r) => [r.service, r]));
  return (Object.keys(BREAKERS) as BreakerService[]).map((service) => {
    const r = rows.get(service);
    return {
      service,
      state: (r?.state as BreakerStateName) ?? "CLOSED",
      failures: r?.failures ?? 0,
      openUntil: r?.openUntil?.toISOString() ?? null,
      lastSuccessAt: r?.lastSuccessAt?.toISOString() ?? null,
      lastFailureAt: r?.lastFailureAt?.toISOString() ?? null,
      lastError: r?.lastError ?? null,
    };
  });
}
