import type { Db } from "@/server/db/client";
import { acquire, recordFailure, recordSuccess } from "@/server/features/breakers/breakers.service";
import { ClayError, type ClayClient } from "@/server/integrations/clay";
import { logger } from "@/server/logger";
import * as backfill from "./backfill.repository";
import type { ClayCallback } from "./enrichment.schemas";
import * as repo from "./enrichment.repository";

/** How long the workflow waits for Clay's callback (DESIGN.md §3 step 3). */
export const ENRICHMENT_WAIT = "30s";

export type PushOutcome =
  | { status: "SENT"; requestId: string }
  | { status: "BLOCKED"; requestId: string; retryAt: string | null }
  | { status: "FAILED"; requestId: string; error: string }
  | { status: "SKIPPED"; reason: string };

/**
 * Pushes a visitor to Clay behind the breaker. Never throws for Clay trouble: a blocked or failed
 * push leaves the visitor with partial data, marked for backfill, and the pipeline goes on.
 */
export async function requestEnrichment(
  db: Db,
  visitorId: string,
  opts: { clay: ClayClient; callbackUrl: string; now?: Date; backfillRunId?: string | null },
): Promise<PushOutcome> {
  const now = opts.now ?? new Date();
  const v = await repo.visitorForPush(db, visitorId);
  if (!v || v.erasedAt) return { status: "SKIPPED", reason: v ? "erased" : "visitor not found" };

  const gate = await acquire(db, "clay", now);
  if (!gate.allowed) {
    const req = await repo.createRequest(db, { visitorId, status: "SKIPPED", reason: "breaker open", backfillRunId: opts.backfillRunId, now });
    return { status: "BLOCKED", requestId: req.id, retryAt: gate.retryAt?.toISOString() ?? null };
  }
  const req = await repo.createRequest(db, { visitorId, status: "PENDING", backfillRunId: opts.backfillRunId, now });
  try {
    await opts.clay.push({
      requestId: req.id, callbackUrl: opts.callbackUrl, linkedinUrl: v.linkedinUrl, email: v.email, firstName: v.firstName,
      lastName: v.lastName, title: v.title, companyName: v.companyName, companyDomain: v.companyDomain,
    });
    return { status: "SENT", requestId: req.id };
  } catch (e) {
    const message = e instanceof ClayError ? e.message : `unexpected: ${(e as Error).message}`;
    await recordFailure(db, "clay", new Date(), message);
    await repo.finish(db, req.id, { status: "FAILED", reason: message, now: new Date() });
    logger.warn({ requestId: req.id, err: e }, "clay push failed; continuing with partial data");
    return { status: "FAILED", requestId: req.id, error: message };
  }
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
 * Called once the wait for the callback is over (event received or 30 s timeout): reads the
 * request's real status (a callback may have landed before the wait began), feeds the breaker,
 * and times the request out if nothing came.
 */
export async function settle(db: Db, requestId: string, now = new Date()): Promise<"COMPLETED" | "FAILED" | "TIMED_OUT" | "UNKNOWN"> {
  const req = await repo.findRequest(db, requestId);
  if (!req) return "UNKNOWN";
  // Backfill progress is counted here, once per request: the workflow settles each request once.
  const count = (ok: boolean) => (req.backfillRunId ? backfill.countOutcome(db, req.backfillRunId, ok) : undefined);
  if (req.status === "COMPLETED") {
    await recordSuccess(db, "clay", now);
    await count(true);
    return "COMPLETED";
  }
  if (req.status === "FAILED") {
    await recordFailure(db, "clay", now, "Clay reported an error for a row");
    await count(false);
    return "FAILED";
  }
  if (req.status === "PENDING") {
    const r = await repo.finish(db, requestId, { status: "TIMED_OUT", reason: "no callback within 30 s", now });
    if (!r.moved) return settle(db, requestId, now); // the callback won the race: report what it stored
    await recordFailure(db, "clay", now, "callback timed out");
    await count(false);
    return "TIMED_OUT";
  }
  return req.status === "TIMED_OUT" ? "TIMED_OUT" : "UNKNOWN";
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
