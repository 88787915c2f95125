import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlTime, toDateOrNull } from "@/server/db/sql-values";
import type { BreakerState, BreakerStateName } from "@/server/domain/circuit-breaker";

/**
 * A breaker's row as plain SQL on the SqliteWriter's connection, for the hot paths that read it in
 * their own unit of work (the Clay push and settle, the send claim's guardrail). State changes go
 * through breakers.service (compare-and-set). Quoted identifiers for the PostgreSQL port.
 */
const SQL = {
  state: `SELECT "state", "failures", "openedAt", "openUntil", "halfOpenTrials" FROM "CircuitBreaker" WHERE "service" = ?`,
  touchSuccess: `UPDATE "CircuitBreaker" SET "lastSuccessAt" = ?, "updatedAt" = ? WHERE "service" = ?`,
} as const;

/** A circuit breaker's state (breakers.service decides on it), or null when it has no row yet. */
export function breakerState(w: SqliteWriter, service: string): BreakerState | null {
  const r = w.prepare(SQL.state).get(service) as Record<string, unknown> | undefined;
  if (!r) return null;
  return {
    state: String(r.state) as BreakerStateName, failures: Number(r.failures), openedAt: toDateOrNull(r.openedAt),
    openUntil: toDateOrNull(r.openUntil), halfOpenTrials: Number(r.halfOpenTrials),
  };
}

/** A success that changes no breaker state (breakers.service successChangesNothing): only lastSuccessAt moves. */
export function touchBreakerSuccess(w: SqliteWriter, service: string, at: Date): void {
  w.prepare(SQL.touchSuccess).run(sqlTime(at), sqlTime(new Date()), service);
}
