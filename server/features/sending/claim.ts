import { ulid } from "ulid";
import type { Db, Tx } from "@/server/db/client";
import { domainOfEmail, GAP_KEY, normaliseDomain, retryAfterLimit, sendLimitSpecs } from "@/server/domain/send-limits";
import { HARD_LIMITS } from "@/server/domain/phases";
import { inSendingWindow, nextWindowOpening, timeZoneForUsState } from "@/server/domain/sending-window";
import { record, recordInTx } from "@/server/features/audit/audit.service";
import { auditEntry, evaluateInTx, switchesOn } from "@/server/features/guardrails/guardrails.service";
import { bumpCountersAtomically, fullCounters } from "@/server/features/guardrails/guardrails.repository";
import { effectiveKillSwitches, getMany } from "@/server/features/settings/settings.service";
import { emailHash } from "@/server/features/suppression/suppression.service";
import * as repo from "./sending.repository";

/**
 * THE claim (DESIGN.md §4): one write transaction whose first statement inserts the Send row keyed
 * by draft id (taking SQLite's write lock), then, still inside it: the draft must be APPROVED
 * (GATEKEEPER's release), the unified guardrail for OPERATOR/email.send, kill switches, suppression,
 * excluded domains, the sending window and every limit as atomic conditional counter updates.
 * Any failure throws, so the whole claim (row, draft move, counters) rolls back.
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

class Blocked extends Error {
  constructor(readonly check: string, readonly reason: string, readonly retryAt: Date | null, readonly permanent: boolean, readonly evidence: Record<string, unknown> = {}) {
    super(reason);
  }
}

export function isExcluded(domain: string, excluded: string[]): boolean {
  const d = normaliseDomain(domain);
  return excluded.some((x) => {
    const e = normaliseDomain(x).replace(/^@/, "");
    return e.length > 0 && (d === e || d.endsWith(`.${e}`));
  });
}

async function claimInTx(tx: Tx, input: ClaimInput, sendId: string): Promise<ClaimResult> {
  const { draftId, now } = input;
  const domain = domainOfEmail(input.email);
  if (!domain) throw new Blocked("input", "recipient address is not valid", null, true);
  const hash = emailHash(input.email);
  if (!(await repo.insertClaim(tx, { sendId, draftId, mode: input.providerMode, recipientDomain: domain, recipientHash: hash, now }))) {
    if (!(await repo.reclaimReleased(tx, draftId, input.providerMode, now))) {
      const send = await repo.findByDraft(tx, draftId);
      if (!send) throw new Error("send row vanished inside the claim transaction");
      return { kind: "EXISTING", send };
    }
  }
  const claimed = await repo.findByDraft(tx, draftId);
  if (!claimed) throw new Error("claimed send row not found");
  if (!(await repo.moveDraft(tx, draftId, ["APPROVED"], "SENDING", now))) {
    const d = await tx.draft.findUnique({ where: { id: draftId }, select: { status: true } });
    throw new Blocked("draft", `draft is ${d?.status ?? "missing"}, not approved`, null, true);
  }
  const guardReq = {
    agent: "OPERATOR", action: "email.send", subjectType: "draft", subjectId: draftId, input: { draftId },
    evidence: [{ source: "database", dataId: draftId, verifiedAt: now.toISOString() }],
    approval: { kind: "GATEKEEPER_RELEASE" as const, by: "GATEKEEPER", subjectId: draftId },
  };
  const settings = await getMany(tx, ["killSwitches", "excludedDomains", "sendingWindow", "phase", "phaseDailyLimits"] as const);
  const switches = switchesOn(effectiveKillSwitches(settings.killSwitches));
  const guard = await evaluateInTx(tx, guardReq, now, { switches });
  if (!guard.allowed) {
    const failed = guard.checks.find((c) => !c.ok);
    const retryable = failed?.check === "breaker" || failed?.check === "rateLimit" || failed?.check === "killSwitch";
    throw new Blocked(`guard:${failed?.check ?? "error"}`, guard.reason, retryable ? new Date(now.getTime() + 60_000) : null, !retryable, { checks: guard.checks });
  }
  const mode: SendMode = switches.SHADOW_MODE_OVERRIDE ? "SHADOW" : input.providerMode;
  if (await tx.suppression.findUnique({ where: { emailHash: hash }, select: { id: true } })) {
    throw new Blocked("suppression", "recipient is on the suppression list", null, true);
  }
  if (isExcluded(domain, settings.excludedDomains)) throw new Blocked("excludedDomain", "recipient domain is excluded", null, true);
  const window = settings.sendingWindow;
  const tz = input.recipientTimeZone ?? timeZoneForUsState(input.recipientState);
  if (!inSendingWindow(now, window, tz)) {
    throw new Blocked("window", "outside the sending window in the recipient's time zone", nextWindowOpening(now, window, tz), false);
  }
  const phase = settings.phase;
  const phaseDaily = settings.phaseDailyLimits[phase];
  // Every limit in one atomic statement; if any is full nothing is bumped (the transaction rolls back).
  const specs = sendLimitSpecs(now, domain, phaseDaily);
  if (!(await bumpCountersAtomically(tx, specs, { key: GAP_KEY, minGapMs: HARD_LIMITS.minSecondsBetweenSends * 1000 }, now))) {
    const full = await fullCounters(tx, specs);
    const spec = specs.find((s) => full.includes(s.key));
    if (spec) throw new Blocked("limit", `${spec.label} send limit (${spec.limit}) reached`, retryAfterLimit(spec.label, now), false, { key: spec.key });
    throw new Blocked("limit", `at least ${HARD_LIMITS.minSecondsBetweenSends} s between sends`, retryAfterLimit("gap", now), false);
  }
  if (mode !== claimed.mode) await repo.setMode(tx, claimed.id, mode);
  await recordInTx(tx, {
    ...auditEntry(guardReq, guard), action: "send.claim",
    evidence: { checks: guard.checks, mode, phase, phaseDailyLimit: phaseDaily, recipientDomain: domain, attempt: claimed.attempts },
  }, now);
  return { kind: "CLAIMED", sendId: claimed.id, mode, claimedAt: now };
}

export async function claimSend(db: Db, input: ClaimInput): Promise<ClaimResult> {
  try {
    return await db.$transaction((tx) => claimInTx(tx, input, ulid()), { maxWait: 60_000, timeout: 60_000 });
  } catch (e) {
    const b = e instanceof Blocked ? e : new Blocked("error", "the send claim failed: not sent (fail closed)", new Date(input.now.getTime() + 60_000), false, { error: (e as Error)?.name });
    await record(db, {
      actorType: "AGENT", agent: "OPERATOR", action: "send.claim", decision: "DENY", riskLevel: "HIGH", reason: b.reason,
      subjectType: "draft", subjectId: input.draftId, evidence: { check: b.check, retryAt: b.retryAt?.toISOString() ?? null, ...b.evidence },
    }, input.now).catch(() => undefined); // the denial stands even if it cannot be audited right now
    return { kind: "BLOCKED", check: b.check, reason: b.reason, retryAt: b.retryAt, permanent: b.permanent };
  }
}

/** Keys a claim bumped, so a release before any provider call can give the slots back. */
export function claimedCounterKeys(claimedAt: Date, recipientDomain: string): string[] {
  return sendLimitSpecs(claimedAt, recipientDomain, HARD_LIMITS.daily).map((s) => s.key);
}
