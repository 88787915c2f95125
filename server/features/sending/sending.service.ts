import type { Db } from "@/server/db/client";
import { retryBusy } from "@/server/db/busy-retry";
import { notFound } from "@/server/domain/errors";
import { record, recordInTx } from "@/server/features/audit/audit.service";
import { acquire, recordFailure, recordSuccess } from "@/server/features/breakers/breakers.service";
import { composeForSend } from "@/server/features/drafting/compose-email";
import { countSentInTx } from "@/server/features/metrics/rollup-increments";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { unbumpCounter } from "@/server/features/guardrails/guardrails.repository";
import { authorize } from "@/server/features/guardrails/guardrails.service";
import { GhlError, type GhlClient } from "@/server/integrations/ghl";
import { logger } from "@/server/logger";
import { claimedCounterKeys, claimSend, type SendMode } from "./claim";
import * as repo from "./sending.repository";

/**
 * THE one send path: claim (claim.ts) -> provider call outside the transaction -> record.
 * Exactly once: a retry that finds SENT returns the stored result; one that finds a CLAIMED row
 * whose outcome is unknown never sends again: it reconciles with the provider or moves the row
 * to NEEDS_REVIEW for a person.
 */
export interface SendDeps {
  ghl: GhlClient;
  now?: () => Date;
  /** A CLAIMED row older than this has an unknown outcome (longer than two provider timeouts). */
  staleAfterMs?: number;
  /** Test hook: runs after the provider accepted the message and before it is recorded. */
  afterProviderCall?: (draftId: string) => void | Promise<void>;
}

export type SendResult =
  | { kind: "SENT"; sendId: string; messageId: string | null; mode: SendMode; alreadySent: boolean }
  | { kind: "DEFERRED"; reason: string; check: string; retryAt: Date | null }
  | { kind: "BLOCKED"; reason: string; check: string }
  | { kind: "IN_FLIGHT"; sendId: string }
  | { kind: "NEEDS_REVIEW"; sendId: string; reason: string }
  | { kind: "FAILED"; sendId: string; reason: string };

export const DEFAULT_STALE_AFTER_MS = 120_000;

function fromRow(send: repo.SendRow): SendResult {
  switch (send.status) {
    case "SENT":
    case "SHADOW":
      return { kind: "SENT", sendId: send.id, messageId: send.providerMessageId, mode: send.mode as SendMode, alreadySent: true };
    case "NEEDS_REVIEW":
      return { kind: "NEEDS_REVIEW", sendId: send.id, reason: send.error ?? "outcome unknown" };
    case "FAILED":
      return { kind: "FAILED", sendId: send.id, reason: send.error ?? "failed" };
    default:
      return { kind: "IN_FLIGHT", sendId: send.id };
  }
}

async function recordSent(db: Db, draftId: string, sendId: string, r: { status: "SENT" | "SHADOW"; messageId: string | null; contactId: string | null; mode: SendMode }, now: Date) {
  await retryBusy(() => db.$transaction(async (tx) => {
    if (!(await repo.markSent(tx, sendId, { ...r, now }))) throw new Error(`send ${sendId} could not be recorded as ${r.status}`);
    await repo.moveDraft(tx, draftId, ["SENDING", "APPROVED", "PENDING_REVIEW"], "SENT", now);
    // The day's roll-up counts this send in the same commit, so the scorecards change now.
    if (r.status === "SENT") await countSentInTx(tx, { sentAt: now, subjectVariantId: await repo.variantOf(tx, draftId) });
    await recordInTx(tx, {
      actorType: "AGENT", agent: "OPERATOR", action: r.status === "SHADOW" ? "send.shadow" : "send.sent", decision: "INFO", riskLevel: "HIGH",
      subjectType: "draft", subjectId: draftId, evidence: { sendId, mode: r.mode, messageId: r.messageId },
    }, now);
  }, { maxWait: 60_000, timeout: 60_000 }));
}

/** Gives the claim back before any provider call: the row can be claimed again and the slots are returned. */
async function release(db: Db, draftId: string, sendId: string, claimedAt: Date, reason: string, now: Date) {
  await retryBusy(() => db.$transaction(async (tx) => {
    if (!(await repo.markStatus(tx, sendId, ["CLAIMED"], "RELEASED", reason))) return;
    const send = await repo.findByDraft(tx, draftId);
    for (const key of claimedCounterKeys(claimedAt, send?.recipientDomain ?? "")) await unbumpCounter(tx, key, now);
    await repo.moveDraft(tx, draftId, ["SENDING"], "APPROVED", now);
  }, { maxWait: 60_000, timeout: 60_000 }));
}

async function needsReview(db: Db, draftId: string, sendId: string, reason: string, now: Date): Promise<SendResult> {
  await repo.markStatus(db, sendId, ["CLAIMED"], "NEEDS_REVIEW", reason);
  await record(db, {
    actorType: "AGENT", agent: "OPERATOR", action: "send.needs_review", decision: "INFO", riskLevel: "HIGH", reason,
    subjectType: "draft", subjectId: draftId, evidence: { sendId },
  }, now);
  return { kind: "NEEDS_REVIEW", sendId, reason };
}

/** For a CLAIMED row with an unknown outcome: ask the provider; if it cannot tell, a person decides. */
export async function reconcile(db: Db, deps: SendDeps, send: repo.SendRow): Promise<SendResult> {
  const now = (deps.now ?? (() => new Date()))();
  let found = null;
  try {
    found = await deps.ghl.findSentMessage(send.id);
  } catch (e) {
    logger.warn({ err: e, sendId: send.id }, "reconcile lookup failed");
  }
  if (found) {
    await recordSent(db, send.draftId, send.id, { status: "SENT", messageId: found.messageId, contactId: null, mode: send.mode as SendMode }, now);
    return { kind: "SENT", sendId: send.id, messageId: found.messageId, mode: send.mode as SendMode, alreadySent: true };
  }
  return needsReview(db, send.draftId, send.id, "provider outcome unknown (timeout, error or crash after the call): not resent", now);
}

/**
 * The breaker's bookkeeping never stands between a claim and its release or record: if it fails,
 * the send's own state is still settled, and the failure is logged (no address in it).
 */
async function breakerNote(sendId: string, what: "success" | "failure", note: () => Promise<unknown>): Promise<void> {
  try {
    await note();
  } catch (err) {
    logger.error({ err, sendId }, `GHL ${what} could not be recorded on the breaker`);
  }
}

async function onProviderError(db: Db, deps: SendDeps, draftId: string, sendId: string, claimedAt: Date, e: unknown, now: Date): Promise<SendResult> {
  const err = e instanceof GhlError ? e : new GhlError("NETWORK", (e as Error)?.message ?? "unknown error", "UNKNOWN");
  const noteFailure = async () => {
    if (err.kind === "RATE_LIMITED" || err.kind === "CLIENT") return;
    await breakerNote(sendId, "failure", async () => {
      await recordFailure(db, "ghl", now, err.message);
      await alertIfOpened(db, now);
    });
  };
  if (err.delivered === "UNKNOWN") {
    await noteFailure();
    const send = await repo.findByDraft(db, draftId);
    return send ? reconcile(db, deps, send) : needsReview(db, draftId, sendId, err.message, now);
  }
  if (err.retriable) {
    await release(db, draftId, sendId, claimedAt, err.message, now);
    await noteFailure();
    return { kind: "DEFERRED", check: "provider", reason: err.message, retryAt: new Date(now.getTime() + (err.opts.retryAfterMs ?? 60_000)) };
  }
  await noteFailure();
  await repo.markStatus(db, sendId, ["CLAIMED"], "FAILED", err.message);
  await repo.moveDraft(db, draftId, ["SENDING"], "FAILED", now);
  await record(db, { actorType: "AGENT", agent: "OPERATOR", action: "send.failed", decision: "INFO", riskLevel: "HIGH", reason: err.message, subjectType: "draft", subjectId: draftId, evidence: { sendId, kind: err.kind } }, now);
  return { kind: "FAILED", sendId, reason: err.message };
}

/** An alert record when this failure opened the GHL breaker (sends are blocked until it recovers). */
async function alertIfOpened(db: Db, now: Date) {
  const row = await db.circuitBreaker.findUnique({ where: { service: "ghl" }, select: { state: true, openedAt: true, openUntil: true } });
  if (row?.state === "OPEN" && row.openedAt?.getTime() === now.getTime()) {
    await record(db, {
      actorType: "SYSTEM", action: "alert.breaker_open", decision: "INFO", riskLevel: "HIGH", reason: "GHL circuit breaker opened: sends blocked",
      subjectType: "breaker", subjectId: "ghl", evidence: { openUntil: row.openUntil?.toISOString() ?? null },
    }, now);
  }
}

/** Sends one approved draft through the one path. Safe to call any number of times, from any process. */
/** Lets pending I/O run: database calls resolve synchronously (better-sqlite3), so a busy process would starve HTTP responses. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function sendDraft(db: Db, deps: SendDeps, draftId: string): Promise<SendResult> {
  await yieldToEventLoop();
  const now = (deps.now ?? (() => new Date()))();
  const draft = await repo.loadDraftForSend(db, draftId);
  if (!draft) throw notFound("Draft");
  const existing = await repo.findByDraft(db, draftId);
  if (existing && existing.status !== "RELEASED" && existing.status !== "CLAIMED") return fromRow(existing);
  const email = draft.visitor.erasedAt ? null : draft.visitor.email;
  if (!email) {
    // Erased, or never had an address: nothing will make this sendable, so it leaves APPROVED (an
    // approved draft that stays there forever would also hold a place at the head of the
    // stuck-approved sweep, which takes the oldest 50).
    const reason = draft.visitor.erasedAt ? "the contact's personal data was erased" : "no recipient address";
    await repo.moveDraft(db, draftId, ["APPROVED"], "DROPPED", now, { recommendationReason: reason });
    return { kind: "BLOCKED", check: "input", reason };
  }
  const claim = await claimSend(db, { draftId, email, recipientState: draft.visitor.state, providerMode: deps.ghl.mode, now });
  if (claim.kind === "EXISTING") {
    const s = claim.send;
    if (s.status === "CLAIMED") {
      const stale = now.getTime() - s.claimedAt.getTime() >= (deps.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
      return stale ? reconcile(db, deps, s) : { kind: "IN_FLIGHT", sendId: s.id };
    }
    return fromRow(s);
  }
  if (claim.kind === "BLOCKED") {
    if (claim.permanent && (claim.check === "suppression" || claim.check === "excludedDomain" || claim.check === "input")) {
      await repo.moveDraft(db, draftId, ["APPROVED"], "DROPPED", now, { recommendationReason: claim.reason });
    }
    if (claim.check === "approval" || claim.check === "recipient") {
      // Back to a person: the policy no longer allows the automatic approval, or the lead's address
      // changed (then restamped with the new one, which the inbox shows and an approval is for).
      await repo.moveDraft(db, draftId, ["APPROVED"], "PENDING_REVIEW", now, {
        recommendation: "REVIEW", recommendationReason: claim.reason, decidedAt: null,
        ...(claim.check === "recipient" ? { recipientHash: emailHash(email) } : {}),
      });
    }
    return claim.permanent ? { kind: "BLOCKED", check: claim.check, reason: claim.reason } : { kind: "DEFERRED", check: claim.check, reason: claim.reason, retryAt: claim.retryAt };
  }
  const { sendId, mode, claimedAt } = claim;
  // The server owns the final body: composed by the one composer, after the claim (so denied
  // attempts cost nothing) and before the provider call. If composing fails, the claim is given back.
  let composed;
  try {
    composed = await composeForSend(db, draftId);
    if (!composed) throw notFound("Draft");
  } catch (e) {
    await release(db, draftId, sendId, claimedAt, "composing the e-mail failed", now);
    throw e;
  }
  if (mode === "SHADOW") {
    await recordSent(db, draftId, sendId, { status: "SHADOW", messageId: null, contactId: null, mode }, now);
    return { kind: "SENT", sendId, messageId: null, mode, alreadySent: false };
  }
  let gate;
  try {
    gate = await acquire(db, "ghl", now);
  } catch (e) {
    // Nothing was sent: give the claim back, or the row would wait as CLAIMED until the sweeper
    // moved it to NEEDS_REVIEW, an e-mail that never left counted as one whose fate is unknown.
    await release(db, draftId, sendId, claimedAt, "the GHL breaker could not be read", now);
    throw e;
  }
  if (!gate.allowed) {
    await release(db, draftId, sendId, claimedAt, "GHL circuit breaker open", now);
    return { kind: "DEFERRED", check: "breaker", reason: "GHL circuit breaker open", retryAt: gate.retryAt ?? null };
  }
  let contactId: string;
  let messageId: string;
  await yieldToEventLoop();
  try {
    ({ contactId } = await deps.ghl.upsertContact({ email, firstName: draft.visitor.firstName, lastName: draft.visitor.lastName, companyName: draft.visitor.companyName }));
  } catch (e) {
    // No message was attempted: whatever the upsert did, the e-mail certainly did not go out.
    const err = e instanceof GhlError ? new GhlError(e.kind, e.message, "NO", e.opts) : e;
    return onProviderError(db, deps, draftId, sendId, claimedAt, err, now);
  }
  try {
    ({ messageId } = await deps.ghl.sendEmail({ sendId, contactId, emailTo: email, subject: composed.subject, html: composed.html, text: composed.text, headers: composed.headers }));
  } catch (e) {
    return onProviderError(db, deps, draftId, sendId, claimedAt, e, now);
  }
  await deps.afterProviderCall?.(draftId);
  await breakerNote(sendId, "success", () => recordSuccess(db, "ghl", now));
  await recordSent(db, draftId, sendId, { status: "SENT", messageId, contactId, mode }, now);
  return { kind: "SENT", sendId, messageId, mode, alreadySent: false };
}

/** Moves CLAIMED rows whose outcome is unknown (crashed worker) to SENT (provider confirms) or NEEDS_REVIEW. */
export async function sweepStaleClaims(db: Db, deps: SendDeps, opts: { limit?: number } = {}) {
  const now = (deps.now ?? (() => new Date()))();
  const rows = await repo.staleClaims(db, new Date(now.getTime() - (deps.staleAfterMs ?? DEFAULT_STALE_AFTER_MS)), opts.limit ?? 100);
  const results = [];
  for (const row of rows) results.push(await reconcile(db, deps, row));
  return { found: rows.length, sent: results.filter((r) => r.kind === "SENT").length, needsReview: results.filter((r) => r.kind === "NEEDS_REVIEW").length };
}

/**
 * What the inbox calls after Dani approves: GATEKEEPER records the human release through the
 * guardrail, then the draft goes through the one send path like every other send.
 */
export async function releaseApproved(db: Db, deps: SendDeps, draftId: string, reviewerId: string): Promise<SendResult> {
  const now = (deps.now ?? (() => new Date()))();
  const verdict = await authorize(db, {
    agent: "GATEKEEPER", action: "send.release", subjectType: "draft", subjectId: draftId, input: { draftId },
    evidence: [{ source: "human_review", dataId: draftId, verifiedAt: now.toISOString() }],
    approval: { kind: "HUMAN", userId: reviewerId },
  }, { now });
  if (!verdict.allowed) {
    const failed = verdict.checks.find((c) => !c.ok);
    // A pause, an open breaker or a rate limit passes: try again in a minute (the send function
    // sleeps until then), so an approval made while sending is paused goes out once it is resumed.
    const passing = failed?.check === "killSwitch" || failed?.check === "breaker" || failed?.check === "rateLimit";
    return { kind: "DEFERRED", check: `guard:${failed?.check ?? "error"}`, reason: verdict.reason, retryAt: passing ? new Date(now.getTime() + 60_000) : null };
  }
  return sendDraft(db, deps, draftId);
}

/**
 * Approved drafts that never got sent (an emit that failed, a pause that ended, retries that ran
 * out) are pushed through the send path again. Safe: the claim makes a second send impossible.
 * A draft scheduled for a later hour (send-time optimisation sets sendAfter) waits for it.
 */
export async function resendStuckApproved(db: Db, deps: SendDeps, opts: { olderThanMs?: number; limit?: number } = {}) {
  const now = (deps.now ?? (() => new Date()))();
  const before = new Date(now.getTime() - (opts.olderThanMs ?? 10 * 60_000));
  const drafts = await db.draft.findMany({
    where: {
      status: "APPROVED", updatedAt: { lt: before },
      AND: [{ OR: [{ send: null }, { send: { status: "RELEASED" } }] }, { OR: [{ sendAfter: null }, { sendAfter: { lte: now } }] }],
    },
    select: { id: true }, orderBy: { updatedAt: "asc" }, take: opts.limit ?? 50,
  });
  const kinds: Record<string, number> = {};
  for (const d of drafts) {
    const r = await sendDraft(db, deps, d.id);
    kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  }
  return { found: drafts.length, kinds };
}
