import type { Db } from "@/server/db/client";
import { notFound } from "@/server/domain/errors";
import { AUTO_APPROVE_DAILY_CAP, autoApprovalRevoked, decideAutonomy, usesAutoApproveSlot, type AutonomyDecision, type Tier } from "@/server/domain/autonomy";
import { AUTO_APPROVE_KEY, dayKey } from "@/server/domain/send-limits";
import { writerFor } from "@/server/db/sqlite-writer";
import { record } from "@/server/features/audit/audit.service";
import { recordSync } from "@/server/features/audit/audit.sql";
import { authorize, switchesOn } from "@/server/features/guardrails/guardrails.service";
import { getMany, effectiveKillSwitches } from "@/server/features/settings/settings.service";
import { readSettings } from "@/server/features/visitors/profile.sql";
import { bumpCountersAtomically } from "./claim.sql";
import * as sql from "./decide.sql";

/**
 * Step 5 of the pipeline: the autonomy decision for a fresh draft. Records the system's
 * recommendation on the draft whatever happens (the override rate is measured against it), takes
 * an auto-approve slot atomically (assisted <= 10/day, expansion <= 25/day), and lets GATEKEEPER
 * release auto-sends through the unified guardrail. Idempotent: a draft that is no longer
 * DRAFTED is reported as it stands.
 */
export type DecideResult =
  | { kind: "AUTO_SEND"; draftId: string; reason: string }
  | { kind: "AUTO_SEND_DELAYED"; draftId: string; delayMs: number; sendAfter: Date; reason: string }
  | { kind: "REVIEW"; draftId: string; reason: string; hot: boolean; tier: string; warm: boolean }
  | { kind: "DROP"; draftId: string; reason: string }
  | { kind: "ALREADY_DECIDED"; draftId: string; status: string };

const dayStart = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

function qualityOk(json: string): boolean {
  try {
    const checks = JSON.parse(json) as { ok?: unknown }[];
    return Array.isArray(checks) && checks.every((c) => c && c.ok === true);
  } catch {
    return false; // unreadable checks fail closed
  }
}

export async function decideDraft(db: Db, draftId: string, opts: { now?: Date } = {}): Promise<DecideResult> {
  const now = opts.now ?? new Date();
  // Reads on one snapshot and the decision's write in one unit of work, on the SqliteWriter
  // (decide.sql.ts): plain SQL, not ~10 Prisma queries and an interactive transaction per draft.
  const w = writerFor(db);
  const autoKey = AUTO_APPROVE_KEY(now);
  const read = w.read(() => {
    const draft = sql.draftForDecision(w, draftId);
    return draft && { draft, s: readSettings(w, ["phase", "killSwitches", "fullMediumDelaySeconds"] as const), autoApprovedToday: sql.counterValue(w, autoKey) };
  });
  if (!read) throw notFound("Draft");
  const { draft, s, autoApprovedToday } = read;
  if (draft.status !== "DRAFTED") return { kind: "ALREADY_DECIDED", draftId, status: draft.status };
  const switches = switchesOn(effectiveKillSwitches(s.killSwitches));
  let decision: AutonomyDecision = decideAutonomy({
    phase: s.phase, score: draft.score, tier: draft.tier as Tier, warm: draft.warm, qualityOk: qualityOk(draft.qualityChecks),
    hasRecipient: Boolean(draft.visitor.email) && !draft.visitor.erasedAt, killSwitches: switches,
    autoApprovedToday, fullMediumDelayMs: s.fullMediumDelaySeconds * 1000,
  });

  if (usesAutoApproveSlot(decision)) {
    // GATEKEEPER releases the send through the one guardrail (audited either way).
    const verdict = await authorize(db, {
      agent: "GATEKEEPER", action: "send.release", subjectType: "draft", subjectId: draftId, input: { draftId },
      evidence: [{ source: "database", dataId: draftId, verifiedAt: now.toISOString() }],
    }, { now });
    if (!verdict.allowed) decision = { kind: "REVIEW", reason: `auto-release denied: ${verdict.reason}`, hot: false };
  }

  return w.run((): DecideResult => {
    if (usesAutoApproveSlot(decision)) {
      const cap = AUTO_APPROVE_DAILY_CAP[s.phase];
      // The read above only chose the branch; this conditional bump is what enforces the cap under races.
      const took = bumpCountersAtomically(w, [{ key: autoKey, limit: cap ?? Number.MAX_SAFE_INTEGER, windowStart: dayStart(now) }], null, now);
      if (!took) decision = { kind: "REVIEW", reason: `today's auto-approve cap (${cap}) is used up`, hot: false };
    }
    const d = decision;
    const sendAfter = d.kind === "AUTO_SEND_DELAYED" ? new Date(now.getTime() + d.delayMs) : null;
    // A delayed auto-send waits in the inbox (PENDING_REVIEW) so a person can still step in.
    const to = d.kind === "AUTO_SEND" ? "APPROVED" : d.kind === "DROP" ? "DROPPED" : "PENDING_REVIEW";
    const moved = sql.moveDecided(w, draftId, to, now, {
      recommendation: d.kind, recommendationReason: d.reason, sendAfter, decidedAt: to === "APPROVED" || to === "DROPPED" ? now : null,
    });
    if (!moved) return { kind: "ALREADY_DECIDED", draftId, status: sql.draftStatus(w, draftId) ?? "missing" };
    recordSync(w, {
      actorType: "AGENT", agent: "GATEKEEPER", action: "draft.decide", decision: "INFO", riskLevel: "MEDIUM", reason: d.reason,
      subjectType: "draft", subjectId: draftId, evidence: { recommendation: d.kind, phase: s.phase, score: draft.score, tier: draft.tier, warm: draft.warm, day: dayKey(now) },
    }, now);
    switch (d.kind) {
      case "AUTO_SEND": return { kind: d.kind, draftId, reason: d.reason };
      case "AUTO_SEND_DELAYED": return { kind: d.kind, draftId, delayMs: d.delayMs, sendAfter: sendAfter!, reason: d.reason };
      case "DROP": return { kind: d.kind, draftId, reason: d.reason };
      case "REVIEW": return { kind: d.kind, draftId, reason: d.reason, hot: d.hot, tier: draft.tier, warm: draft.warm };
    }
  });
}

/**
 * After the delay: a delayed auto-send still waiting in the inbox is released. If a person acted
 * in the meantime (approved, rejected, snoozed), this does nothing.
 */
export async function releaseDelayed(db: Db, draftId: string, opts: { now?: Date } = {}): Promise<{ released: boolean; status: string }> {
  const now = opts.now ?? new Date();
  const s = await getMany(db, ["killSwitches", "phase"] as const);
  const switches = switchesOn(effectiveKillSwitches(s.killSwitches));
  const draft = await db.draft.findUnique({ where: { id: draftId }, select: { status: true, score: true, tier: true, warm: true } });
  if (!draft) return { released: false, status: "missing" };
  if (switches.PAUSE_ALL_SENDS) return { released: false, status: draft.status };
  // The policy may have tightened during the delay (phase moved down, manual approval required):
  // the draft stays in the inbox, now as one a person has to decide.
  const revoked = autoApprovalRevoked({ phase: s.phase, score: draft.score, tier: draft.tier as Tier, warm: draft.warm, killSwitches: switches });
  if (revoked) {
    const changed = await db.draft.updateMany({
      where: { id: draftId, status: "PENDING_REVIEW", recommendation: "AUTO_SEND_DELAYED" },
      data: { recommendation: "REVIEW", recommendationReason: revoked, sendAfter: null, version: { increment: 1 } },
    });
    if (changed.count === 1) {
      await record(db, {
        actorType: "AGENT", agent: "GATEKEEPER", action: "draft.auto_release_revoked", decision: "DENY", riskLevel: "MEDIUM", reason: revoked,
        subjectType: "draft", subjectId: draftId, evidence: { phase: s.phase },
      }, now);
    }
    return { released: false, status: draft.status };
  }
  const verdict = await authorize(db, {
    agent: "GATEKEEPER", action: "send.release", subjectType: "draft", subjectId: draftId, input: { draftId },
    evidence: [{ source: "database", dataId: draftId, verifiedAt: now.toISOString() }],
  }, { now });
  const released = verdict.allowed && (await db.draft.updateMany({
    where: { id: draftId, status: "PENDING_REVIEW", recommendation: "AUTO_SEND_DELAYED", sendAfter: { lte: now } },
    data: { status: "APPROVED", decidedAt: now, version: { increment: 1 } },
  })).count === 1;
  const cur = await db.draft.findUnique({ where: { id: draftId }, select: { status: true } });
  return { released, status: cur?.status ?? "missing" };
}
