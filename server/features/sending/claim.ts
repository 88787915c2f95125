import type { Db } from "@/server/db/client";
import { monotonicUlid as ulid } from "@/server/db/ulid";
import { writerFor, type SqliteWriter } from "@/server/db/sqlite-writer";
import { isRetryable } from "@/server/db/sync-connection";
import { domainOfEmail, GAP_KEY, normaliseDomain, retryAfterLimit, sendLimitSpecs } from "@/server/domain/send-limits";
import { autoApprovalRevoked, type Tier } from "@/server/domain/autonomy";
import { HARD_LIMITS } from "@/server/domain/phases";
import { inSendingWindow, nextWindowOpening, timeZoneForUsState } from "@/server/domain/sending-window";
import { record } from "@/server/features/audit/audit.service";
import { recordSync } from "@/server/features/audit/audit.sql";
import { auditEntry, evaluateSync, switchesOn } from "@/server/features/guardrails/guardrails.service";
import { effectiveKillSwitches, parseSettings } from "@/server/features/settings/settings.service";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { logger } from "@/server/logger";
import * as sql from "./claim.sql";
import { sendingDomain } from "./sending-domain";
import type * as repo from "./sending.repository";

/**
 * THE claim (DESIGN.md §4): one write transaction whose first statement inserts the Send row keyed
 * by draft id (taking SQLite's write lock), then, still inside it: the draft must be APPROVED
 * (GATEKEEPER's release), the unified guardrail for OPERATOR/email.send, kill switches, the address
 * the draft was written for, an automatic approval the current phase and switches still allow,
 * suppression,
 * excluded domains, the sending window and every limit as atomic conditional counter updates.
 * Any failure throws, so the whole claim (row, draft move, counters) rolls back.
 *
 * It runs as ONE synchronous unit of work on the SqliteWriter (server/db/sqlite-writer.ts): its
 * own connection, prepared statements, group commit. The claim body runs in a savepoint; a denial
 * rolls the body back and appends the denial to the audit chain in the SAME transaction, so a
 * denied claim costs no second transaction. The caller gets its answer only once it committed.
 */
export type SendMode = "LIVE" | "SANDBOX" | "SHADOW";

export type ClaimResult =
  | { kind: "CLAIMED"; sendId: string; mode: SendMode; claimedAt: Date }
  | { kind: "EXISTING"; send: repo.SendRow }
  | { kind: "BLOCKED"; check: string; reason: string; retryAt: Date | null; permanent: boolean };

export interface ClaimInput {
  draftId: string;
  email: string;
  /** Recipient's time zone when known (else derived from their US state, else the window's zone). */
  recipientTimeZone?: string | null;
  recipientState?: string | null;
  providerMode: "LIVE" | "SANDBOX";
  now: Date;
}

/** A denial, thrown to roll the claim body back. Not an Error: a stack trace per denial is wasted work on the hot path. */
class Blocked {
  constructor(readonly check: string, readonly reason: string, readonly retryAt: Date | null, readonly permanent: boolean, readonly evidence: Record<string, unknown> = {}) {}
}

export function isExcluded(domain: string, excluded: string[]): boolean {
  const d = normaliseDomain(domain);
  return excluded.some((x) => {
    const e = normaliseDomain(x).replace(/^@/, "");
    return e.length > 0 && (d === e || d.endsWith(`.${e}`));
  });
}


const SETTING_KEYS = ["killSwitches", "excludedDomains", "sendingWindow", "phase", "phaseDailyLimits", "pausedSendingDomains"] as const;
export const NEW_ADDRESS_REASON = "The lead's e-mail address changed after this was written: review it for the new address before it is sent.";
/** A paused sending domain is retried this much later (an approver has to resume it first). */
const DOMAIN_PAUSE_RETRY_MS = 10 * 60_000;

function claimBody(w: SqliteWriter, input: ClaimInput, sendId: string): ClaimResult {
  const { draftId, now } = input;
  const domain = domainOfEmail(input.email);
  if (!domain) throw new Blocked("input", "recipient address is not valid", null, true);
  const hash = emailHash(input.email);
  // The domain it leaves from is recorded with the claim: the sending-domain monitor judges each on its own sends.
  const sender = sendingDomain();
  // First statement a write: the unit already holds the write lock (BEGIN IMMEDIATE), this keys the claim.
  const claimed = sql.insertClaim(w, { sendId, draftId, mode: input.providerMode, recipientDomain: domain, recipientHash: hash, senderDomain: sender, now })
    ?? sql.reclaimReleased(w, { draftId, mode: input.providerMode, recipientDomain: domain, recipientHash: hash, senderDomain: sender, now });
  if (!claimed) {
    const send = sql.findByDraft(w, draftId);
    if (!send) throw new Error("send row vanished inside the claim transaction");
    return { kind: "EXISTING", send };
  }
  if (!sql.draftToSending(w, draftId, now)) {
    throw new Blocked("draft", `draft is ${sql.draftStatus(w, draftId) ?? "missing"}, not approved`, null, true);
  }
  const guardReq = {
    agent: "OPERATOR", action: "email.send", subjectType: "draft", subjectId: draftId, input: { draftId },
    evidence: [{ source: "database", dataId: draftId, verifiedAt: now.toISOString() }],
    approval: { kind: "GATEKEEPER_RELEASE" as const, by: "GATEKEEPER", subjectId: draftId },
  };
  const settings = parseSettings(SETTING_KEYS, sql.settingRows(w, SETTING_KEYS), true);
  const switches = switchesOn(effectiveKillSwitches(settings.killSwitches));
  const guard = evaluateSync(sql.guardIo(w), guardReq, now, switches);
  if (!guard.allowed) {
    const failed = guard.checks.find((c) => !c.ok);
    const retryable = failed?.check === "breaker" || failed?.check === "rateLimit" || failed?.check === "killSwitch";
    throw new Blocked(`guard:${failed?.check ?? "error"}`, guard.reason, retryable ? new Date(now.getTime() + 60_000) : null, !retryable, { checks: guard.checks });
  }
  // The approval was for the address the draft was written for: a later visit that changed the
  // lead's address must not redirect it. And an automatic approval stands only while the policy that
  // gave it still would; a person's approval stands. (sendDraft sends either back to review.)
  const basis = sql.approvalBasis(w, draftId);
  if (basis?.recipientHash && basis.recipientHash !== hash) throw new Blocked("recipient", NEW_ADDRESS_REASON, null, true);
  const revoked = basis && !basis.byPerson ? autoApprovalRevoked({ phase: settings.phase, score: basis.score, tier: basis.tier as Tier, warm: basis.warm, killSwitches: switches }) : null;
  if (revoked) throw new Blocked("approval", revoked, null, true);
  const mode: SendMode = switches.SHADOW_MODE_OVERRIDE ? "SHADOW" : input.providerMode;
  const paused = settings.pausedSendingDomains[sender];
  if (paused && mode !== "SHADOW") {
    throw new Blocked("sendingDomain", `sending domain ${sender} is paused (${paused.reason})`, new Date(now.getTime() + DOMAIN_PAUSE_RETRY_MS), false);
  }
  if (sql.isSuppressed(w, hash)) throw new Blocked("suppression", "recipient is on the suppression list", null, true);
  if (isExcluded(domain, settings.excludedDomains)) throw new Blocked("excludedDomain", "recipient domain is excluded", null, true);
  const window = settings.sendingWindow;
  const tz = input.recipientTimeZone ?? timeZoneForUsState(input.recipientState);
  if (!inSendingWindow(now, window, tz)) {
    throw new Blocked("window", "outside the sending window in the recipient's time zone", nextWindowOpening(now, window, tz), false);
  }
  const phase = settings.phase;
  const phaseDaily = settings.phaseDailyLimits[phase];
  // Every limit in one atomic statement; if any is full nothing is bumped (the savepoint rolls back).
  const specs = sendLimitSpecs(now, domain, phaseDaily);
  if (!sql.bumpCountersAtomically(w, specs, { key: GAP_KEY, minGapMs: HARD_LIMITS.minSecondsBetweenSends * 1000 }, now)) {
    const full = sql.fullCounters(w, specs);
    const spec = specs.find((s) => full.includes(s.key));
    if (spec) throw new Blocked("limit", `${spec.label} send limit (${spec.limit}) reached`, retryAfterLimit(spec.label, now), false, { key: spec.key });
    throw new Blocked("limit", `at least ${HARD_LIMITS.minSecondsBetweenSends} s between sends`, retryAfterLimit("gap", now), false);
  }
  if (mode !== claimed.mode) sql.setMode(w, claimed.id, mode, now);
  recordSync(w, {
    ...auditEntry(guardReq, guard), action: "send.claim",
    evidence: { checks: guard.checks, mode, phase, phaseDailyLimit: phaseDaily, recipientDomain: domain, attempt: claimed.attempts },
  }, now);
  return { kind: "CLAIMED", sendId: claimed.id, mode, claimedAt: now };
}

function denialEntry(input: ClaimInput, b: Blocked) {
  return {
    actorType: "AGENT" as const, agent: "OPERATOR", action: "send.claim", decision: "DENY" as const, riskLevel: "HIGH" as const, reason: b.reason,
    subjectType: "draft", subjectId: input.draftId, evidence: { check: b.check, retryAt: b.retryAt?.toISOString() ?? null, ...b.evidence },
  };
}

const failClosed = (input: ClaimInput, e: unknown) =>
  new Blocked("error", "the send claim failed: not sent (fail closed)", new Date(input.now.getTime() + 60_000), false, { error: (e as Error)?.name });

const asResult = (b: Blocked): ClaimResult => ({ kind: "BLOCKED", check: b.check, reason: b.reason, retryAt: b.retryAt, permanent: b.permanent });

/** One unit of work: the body in a savepoint; a denial undoes the body and is audited in the same transaction. */
function claimUnit(w: SqliteWriter, input: ClaimInput, sendId: string): ClaimResult {
  try {
    return w.nested(() => claimBody(w, input, sendId));
  } catch (e) {
    // A lock wait that ran out (PostgreSQL's row locks; SQLite holds its lock for the whole batch):
    // not a denial — the writer rolls the batch back and runs it again.
    if (isRetryable(e)) throw e;
    if (!(e instanceof Blocked)) logger.error({ err: e, draftId: input.draftId }, "send claim threw: denied");
    const b = e instanceof Blocked ? e : failClosed(input, e);
    recordSync(w, denialEntry(input, b), input.now);
    return asResult(b);
  }
}

export async function claimSend(db: Db, input: ClaimInput): Promise<ClaimResult> {
  const sendId = ulid();
  try {
    const w = writerFor(db);
    return await w.run(() => claimUnit(w, input, sendId));
  } catch (e) {
    // The transaction itself failed (lock wait exhausted, I/O error): nothing was claimed.
    logger.error({ err: e, draftId: input.draftId }, "send claim transaction failed: denied");
    const b = failClosed(input, e);
    await record(db, denialEntry(input, b), input.now).catch(() => undefined); // the denial stands even if it cannot be audited right now
    return asResult(b);
  }
}

/** Keys a claim bumped, so a release before any provider call can give the slots back. */
export function claimedCounterKeys(claimedAt: Date, recipientDomain: string): string[] {
  return sendLimitSpecs(claimedAt, recipientDomain, HARD_LIMITS.daily).map((s) => s.key);
}
