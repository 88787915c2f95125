import type { Db } from "@/server/db/client";
import { writerFor, type SqliteWriter } from "@/server/db/sqlite-writer";
import { env } from "@/server/env";
import { acquire, acquireWithoutWrite, recordFailure, recordSuccess, successChangesNothing } from "@/server/features/breakers/breakers.service";
import { breakerState, touchBreakerSuccess } from "@/server/features/breakers/breakers.sql";
import { ClayError, type ClayClient } from "@/server/integrations/clay";
import { logger } from "@/server/logger";
import * as backfill from "./backfill.repository";
import type { ClayCallback } from "./enrichment.schemas";
import * as repo from "./enrichment.repository";
import * as sql from "./enrichment.sql";

/**
 * How long the workflow waits for Clay's callback (DESIGN.md §3 step 3): CLAY_CALLBACK_WAIT_S,
 * 30 s by default (tests shorten it). Returned as an Inngest duration string.
 */
export function enrichmentWait(): string {
  return `${env().CLAY_CALLBACK_WAIT_S}s`;
}

export type PushOutcome =
  | { status: "SENT"; requestId: string }
  | { status: "BLOCKED"; requestId: string; retryAt: string | null }
  | { status: "FAILED"; requestId: string; error: string }
  | { status: "SKIPPED"; reason: string };

/**
 * Pushes a visitor to Clay behind the breaker. Never throws for Clay trouble: a blocked or failed
 * push leaves the visitor with partial data, marked for backfill, and the pipeline goes on.
 *
 * `originKey` names the workflow step making the request (run id + step). When the executor runs
 * that step again (its result was lost, the app died mid-step), the request it already made is
 * found and resumed instead of a second one being made: one row, one attempt counted, and no
 * second push once Clay accepted the first.
 */
export async function requestEnrichment(
  db: Db,
  visitorId: string,
  opts: { clay: ClayClient; callbackUrl: string; now?: Date; backfillRunId?: string | null; originKey?: string },
): Promise<PushOutcome> {
  const now = opts.now ?? new Date();
  const w = writerFor(db);
  const { v, prior, breaker } = w.read(() => ({
    v: sql.visitorForPush(w, visitorId), prior: opts.originKey ? sql.findByOrigin(w, opts.originKey) : null, breaker: breakerState(w, "clay"),
  }));
  if (!v || v.erasedAt) return { status: "SKIPPED", reason: v ? "erased" : "visitor not found" };
  if (prior) return resume(db, w, v, prior, opts);

  // A closed breaker (the usual case) is read with the rest; any state change goes through acquire's compare-and-set.
  const gate = acquireWithoutWrite(breaker, "clay", now) ?? (await acquire(db, "clay", now));
  if (!gate.allowed) {
    const req = await w.run(() => sql.createRequest(w, { visitorId, status: "SKIPPED", reason: "breaker open", backfillRunId: opts.backfillRunId, originKey: opts.originKey, now }));
    return { status: "BLOCKED", requestId: req.id, retryAt: gate.retryAt?.toISOString() ?? null };
  }
  const req = await w.run(() => sql.createRequest(w, { visitorId, status: "PENDING", backfillRunId: opts.backfillRunId, originKey: opts.originKey, now }));
  return push(db, w, v, req.id, opts);
}

/** A retried step: report what the first attempt did; push only if Clay never accepted the row. */
function resume(db: Db, w: SqliteWriter, v: sql.PushVisitor, prior: sql.PriorRequest, opts: { clay: ClayClient; callbackUrl: string }): Promise<PushOutcome> | PushOutcome {
  if (prior.pushedAt) return { status: "SENT", requestId: prior.id };
  if (prior.status === "SKIPPED") return { status: "BLOCKED", requestId: prior.id, retryAt: null };
  if (prior.status === "FAILED") return { status: "FAILED", requestId: prior.id, error: prior.reason ?? "Clay push failed" };
  if (prior.status !== "PENDING") return { status: "SENT", requestId: prior.id }; // a callback already answered it
  // PENDING and not marked pushed: the first attempt died around the push. Push again with the
  // same request id (Clay's callback for it is stored once).
  return push(db, w, v, prior.id, opts);
}

async function push(db: Db, w: SqliteWriter, v: sql.PushVisitor, requestId: string, opts: { clay: ClayClient; callbackUrl: string }): Promise<PushOutcome> {
  try {
    await opts.clay.push({
      requestId, callbackUrl: opts.callbackUrl, linkedinUrl: v.linkedinUrl, email: v.email, firstName: v.firstName,
      lastName: v.lastName, title: v.title, companyName: v.companyName, companyDomain: v.companyDomain,
    });
  } catch (e) {
    const message = e instanceof ClayError ? e.message : `unexpected: ${(e as Error).message}`;
    await recordFailure(db, "clay", new Date(), message);
    await w.run(() => sql.finish(w, requestId, { status: "FAILED", reason: message, now: new Date() }));
    logger.warn({ requestId, err: e }, "clay push failed; continuing with partial data");
    return { status: "FAILED", requestId, error: message };
  }
  await w.run(() => sql.markPushed(w, requestId, new Date()));
  return { status: "SENT", requestId };
}

export type CallbackResult =
  | { kind: "not_found" }
  | { kind: "duplicate"; requestId: string; visitorId: string }
  | { kind: "stored"; requestId: string; visitorId: string; ok: boolean };

/** Stores Clay's answer for one of our requests (late answers after a timeout still count). */
export async function receiveCallback(db: Db, body: ClayCallback, now = new Date()): Promise<CallbackResult> {
  const ok = body.status === "ok";
  const w = writerFor(db);
  // One unit of work: the request's outcome, the visitor's state and a missing e-mail, one commit.
  const r = await w.run(() => {
    const f = sql.finish(w, body.requestId, {
      status: ok ? "COMPLETED" : "FAILED",
      reason: ok ? null : (body.error ?? "Clay reported an error"),
      result: ok ? JSON.stringify(body.data) : null,
      now,
    });
    if (f.moved && ok && body.data.email) sql.fillEmail(w, f.req.visitorId, body.data.email.toLowerCase());
    return f;
  });
  if (!r.req) return { kind: "not_found" };
  if (!r.moved) return { kind: "duplicate", requestId: r.req.id, visitorId: r.req.visitorId };
  return { kind: "stored", requestId: r.req.id, visitorId: r.req.visitorId, ok };
}

export type SettleOutcome = "COMPLETED" | "FAILED" | "TIMED_OUT" | "UNKNOWN";

/**
 * Called once the wait for the callback is over (event received or wait timeout): reads the
 * request's real status (a callback may have landed before the wait began), times the request out
 * if nothing came, and feeds the breaker once per request — a retried settle step reports the
 * same outcome without counting it again. Backfill progress is recomputed, never incremented.
 */
export async function settle(db: Db, requestId: string, now = new Date()): Promise<SettleOutcome> {
  const w = writerFor(db);
  const s = await w.run(() => {
    let req = sql.findRequest(w, requestId);
    if (!req) return null;
    if (req.status === "PENDING") {
      // Conditional: a callback that won the race keeps its result.
      sql.finish(w, requestId, { status: "TIMED_OUT", reason: `no callback within ${env().CLAY_CALLBACK_WAIT_S} s`, now });
      req = sql.findRequest(w, requestId) ?? req;
    }
    const outcome: SettleOutcome = req.status === "COMPLETED" || req.status === "FAILED" || req.status === "TIMED_OUT" ? req.status : "UNKNOWN";
    const first = outcome !== "UNKNOWN" && sql.claimSettle(w, requestId, now);
    // A success that leaves the breaker as it is only moves lastSuccessAt: done here, in this unit.
    const successRecorded = first && outcome === "COMPLETED" && successChangesNothing(breakerState(w, "clay"));
    if (successRecorded) touchBreakerSuccess(w, "clay", now);
    return { req, outcome, first, successRecorded };
  });
  if (!s) return "UNKNOWN";
  if (s.first && !s.successRecorded) {
    if (s.outcome === "COMPLETED") await recordSuccess(db, "clay", now);
    else await recordFailure(db, "clay", now, s.outcome === "FAILED" ? "Clay reported an error for a row" : "callback timed out");
  }
  if (s.req.backfillRunId) await backfill.recount(db, s.req.backfillRunId);
  return s.outcome;
}

export async function callbackHealth(db: Db, now = new Date()) {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const { byStatus, lastCallbackAt } = await repo.callbackStats(db, since);
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    windowHours: 24,
    requests: total,
    completed: byStatus.COMPLETED ?? 0,
    timedOut: byStatus.TIMED_OUT ?? 0,
    failed: byStatus.FAILED ?? 0,
    skipped: byStatus.SKIPPED ?? 0,
    pending: byStatus.PENDING ?? 0,
    lastCallbackAt: lastCallbackAt?.toISOString() ?? null,
  };
}
