import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { acquire, recordFailure, recordSuccess } from "@/server/features/breakers/breakers.service";
import { ClayError, type ClayClient } from "@/server/integrations/clay";
import { logger } from "@/server/logger";
import * as backfill from "./backfill.repository";
import type { ClayCallback } from "./enrichment.schemas";
import * as repo from "./enrichment.repository";

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

type Row = NonNullable<Awaited<ReturnType<typeof repo.visitorForPush>>>;

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
  const v = await repo.visitorForPush(db, visitorId);
  if (!v || v.erasedAt) return { status: "SKIPPED", reason: v ? "erased" : "visitor not found" };

  const prior = opts.originKey ? await repo.findByOrigin(db, opts.originKey) : null;
  if (prior) return resume(db, v, prior, opts);

  const gate = await acquire(db, "clay", now);
  if (!gate.allowed) {
    const req = await repo.createRequest(db, { visitorId, status: "SKIPPED", reason: "breaker open", backfillRunId: opts.backfillRunId, originKey: opts.originKey, now });
    return { status: "BLOCKED", requestId: req.id, retryAt: gate.retryAt?.toISOString() ?? null };
  }
  const req = await repo.createRequest(db, { visitorId, status: "PENDING", backfillRunId: opts.backfillRunId, originKey: opts.originKey, now });
  return push(db, v, req.id, opts);
}

/** A retried step: report what the first attempt did; push only if Clay never accepted the row. */
function resume(
  db: Db, v: Row, prior: NonNullable<Awaited<ReturnType<typeof repo.findByOrigin>>>, opts: { clay: ClayClient; callbackUrl: string },
): Promise<PushOutcome> | PushOutcome {
  if (prior.pushedAt) return { status: "SENT", requestId: prior.id };
  if (prior.status === "SKIPPED") return { status: "BLOCKED", requestId: prior.id, retryAt: null };
  if (prior.status === "FAILED") return { status: "FAILED", requestId: prior.id, error: prior.reason ?? "Clay push failed" };
  if (prior.status !== "PENDING") return { status: "SENT", requestId: prior.id }; // a callback already answered it
  // PENDING and not marked pushed: the first attempt died around the push. Push again with the
  // same request id (Clay's callback for it is stored once).
  return push(db, v, prior.id, opts);
}

async function push(db: Db, v: Row, requestId: string, opts: { clay: ClayClient; callbackUrl: string }): Promise<PushOutcome> {
  try {
    await opts.clay.push({
      requestId, callbackUrl: opts.callbackUrl, linkedinUrl: v.linkedinUrl, email: v.email, firstName: v.firstName,
      lastName: v.lastName, title: v.title, companyName: v.companyName, companyDomain: v.companyDomain,
    });
  } catch (e) {
    const message = e instanceof ClayError ? e.message : `unexpected: ${(e as Error).message}`;
    await recordFailure(db, "clay", new Date(), message);
    await repo.finish(db, requestId, { status: "FAILED", reason: message, now: new Date() });
    logger.warn({ requestId, err: e }, "clay push failed; continuing with partial data");
    return { status: "FAILED", requestId, error: message };
  }
  await repo.markPushed(db, requestId, new Date());
  return { status: "SENT", requestId };
}

export type CallbackResult =
  | { kind: "not_found" }
  | { kind: "duplicate"; requestId: string; visitorId: string }
  | { kind: "stored"; requestId: string; visitorId: string; ok: boolean };

/** Stores Clay's answer for one of our requests (late answers after a timeout still count). */
export async function receiveCallback(db: Db, body: ClayCallback, now = new Date()): Promise<CallbackResult> {
  const ok = body.status === "ok";
  const r = await repo.finish(db, body.requestId, {
    status: ok ? "COMPLETED" : "FAILED",
    reason: ok ? null : (body.error ?? "Clay reported an error"),
    result: ok ? JSON.stringify(body.data) : null,
    now,
  });
  if (!r.req) return { kind: "not_found" };
  if (!r.moved) return { kind: "duplicate", requestId: r.req.id, visitorId: r.req.visitorId };
  if (ok && body.data.email) await repo.fillEmail(db, r.req.visitorId, body.data.email.toLowerCase());
  return { kind: "stored", requestId: r.req.id, visitorId: r.req.visitorId, ok };
}

/**
 * Called once the wait for the callback is over (event received or wait timeout): reads the
 * request's real status (a callback may have landed before the wait began), times the request out
 * if nothing came, and feeds the breaker once per request — a retried settle step reports the
 * same outcome without counting it again. Backfill progress is recomputed, never incremented.
 */
export async function settle(db: Db, requestId: string, now = new Date()): Promise<"COMPLETED" | "FAILED" | "TIMED_OUT" | "UNKNOWN"> {
  let req = await repo.findRequest(db, requestId);
  if (!req) return "UNKNOWN";
  if (req.status === "PENDING") {
    // Conditional: a callback that won the race keeps its result.
    await repo.finish(db, requestId, { status: "TIMED_OUT", reason: `no callback within ${env().CLAY_CALLBACK_WAIT_S} s`, now });
    req = (await repo.findRequest(db, requestId)) ?? req;
  }
  const outcome = req.status === "COMPLETED" || req.status === "FAILED" || req.status === "TIMED_OUT" ? req.status : "UNKNOWN";
  if (outcome !== "UNKNOWN" && (await repo.claimSettle(db, requestId, now))) {
    if (outcome === "COMPLETED") await recordSuccess(db, "clay", now);
    else await recordFailure(db, "clay", now, outcome === "FAILED" ? "Clay reported an error for a row" : "callback timed out");
  }
  if (req.backfillRunId) await backfill.recount(db, req.backfillRunId);
  return outcome;
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
