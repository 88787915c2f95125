import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/domain/errors";
import { personaOf, seniorityFromBreakdown } from "@/server/domain/rewards";
import { hourOfWeek, pickSendTime, type BucketCounts, type SendTimePick } from "@/server/domain/send-time";
import { timeZoneForUsState } from "@/server/domain/sending-window";
import { flagVerdict } from "@/server/domain/template-flags";
import { recordInTx } from "@/server/features/audit/audit.service";
import { getMany } from "@/server/features/settings/settings.service";
import { learnerModel, settled, type LearnedSend } from "./learner-model";
import { proposeIcp } from "./icp.service";
import * as repo from "./learning.repository";

/** Only recent evidence decides flags and the negative baseline: a template is judged on how it does now. */
export const FLAG_WINDOW_DAYS = 90;

interface Actor {
  id: string;
  name: string;
}

/** Hour-of-week reply counts of one persona's settled sends, each in its recipient's time zone. */
export function bucketCounts(sends: LearnedSend[], persona: string, fallbackTz: string, now: number): Map<number, BucketCounts> {
  const out = new Map<number, BucketCounts>();
  for (const s of sends) {
    if (s.persona !== persona || !settled(s, now)) continue;
    const b = hourOfWeek(s.sentAt, timeZoneForUsState(s.visitorState) ?? fallbackTz);
    const c = out.get(b) ?? { sends: 0, replies: 0 };
    out.set(b, { sends: c.sends + 1, replies: c.replies + (s.summary.replied ? 1 : 0) });
  }
  return out;
}

/**
 * When an auto-send should go (called by the workflow before the one send path): the persona's
 * best hour-of-week slot inside the sending window within the allowed delay, or at once. The send
 * path still checks the window itself; this only chooses among allowed moments. Audited when it
 * moves a send.
 */
export async function sendTimeForDraft(db: Db, draftId: string, now = new Date()): Promise<SendTimePick> {
  const s = await getMany(db, ["sendTimeOptimisation", "sendingWindow"] as const);
  if (!s.sendTimeOptimisation.enabled) return { at: now, moved: false, reason: "send-time optimisation is off" };
  const draft = await db.draft.findUnique({ where: { id: draftId }, select: { scoreBreakdown: true, visitor: { select: { state: true } } } });
  if (!draft) throw notFound("Draft");
  const persona = personaOf(seniorityFromBreakdown(draft.scoreBreakdown));
  const tz = timeZoneForUsState(draft.visitor.state);
  const model = await learnerModel(db, now);
  const pick = pickSendTime(now, s.sendingWindow, tz, bucketCounts(model.sends, persona, s.sendingWindow.timeZone, now.getTime()), s.sendTimeOptimisation.maxDelayHours);
  if (pick.moved) {
    await retryBusy(() => db.$transaction(async (tx) => {
      // Recorded on the draft, so the stuck-approved sweep leaves it alone until then.
      await tx.draft.updateMany({ where: { id: draftId, status: "APPROVED" }, data: { sendAfter: pick.at } });
      await recordInTx(tx, {
        actorType: "AGENT", agent: "COACH", action: "send.scheduled", decision: "INFO", riskLevel: "LOW", subjectType: "draft", subjectId: draftId,
        reason: pick.reason, evidence: { persona, at: pick.at.toISOString() },
      }, now);
    }));
  }
  return pick;
}

export interface FlagResult {
  templateId: string;
  key: string;
  reason: string;
}

/**
 * Flags templates with repeated negative outcomes (server/domain/template-flags.ts), counting
 * only sends since the template's last review. A flagged template leaves rotation at once
 * (drafting offers only unflagged templates). Idempotent: an already flagged template is skipped.
 */
export async function evaluateFlags(db: Db, now = new Date()): Promise<FlagResult[]> {
  const model = await learnerModel(db, now);
  const since = now.getTime() - FLAG_WINDOW_DAYS * 86_400_000;
  const recent = model.sends.filter((s) => s.sentAt.getTime() >= since && settled(s, now.getTime()));
  const baseline = recent.length > 0 ? recent.filter((s) => s.summary.negative).length / recent.length : 0;
  const reviews = await repo.lastReviews(db);
  const flagged: FlagResult[] = [];
  for (const t of await repo.templatesForLearning(db)) {
    if (t.flaggedAt || !t.active) continue;
    const after = reviews.get(t.id)?.getTime() ?? 0;
    const mine = recent.filter((s) => s.templateId === t.id && s.sentAt.getTime() > after);
    const v = flagVerdict({ sends: mine.length, negatives: mine.filter((s) => s.summary.negative).length, complaints: mine.filter((s) => s.summary.complaint).length, baselineRate: baseline });
    if (!v.flag) continue;
    const done = await retryBusy(() => db.$transaction(async (tx) => {
      // First statement is the conditional write: two evaluators cannot both flag (and audit) it.
      const n = await tx.template.updateMany({ where: { id: t.id, flaggedAt: null }, data: { flaggedAt: now, flagReason: v.reason } });
      if (n.count === 0) return false;
      await recordInTx(tx, {
        actorType: "AGENT", agent: "COACH", action: "template.flagged", decision: "INFO", riskLevel: "MEDIUM", subjectType: "template", subjectId: t.id,
        reason: v.reason, evidence: { sends: mine.length, lowerBound: v.lower, threshold: v.threshold, baseline, sinceReview: after ? new Date(after).toISOString() : null },
      }, now);
      return true;
    }));
    if (done) flagged.push({ templateId: t.id, key: t.key, reason: v.reason });
  }
  return flagged;
}

/** An approver reviewed a flagged template: back in rotation, its evidence starts afresh (audited). */
export async function reviewFlag(db: Db, actor: Actor, input: { templateId: string; note?: string | null }, now = new Date()) {
  const t = await db.template.findUnique({ where: { id: input.templateId }, select: { id: true, key: true, flaggedAt: true, flagReason: true } });
  if (!t) throw notFound("Template");
  if (!t.flaggedAt) throw conflict("This template is not flagged (someone may have reviewed it already).");
  await retryBusy(() => db.$transaction(async (tx) => {
    const n = await tx.template.updateMany({ where: { id: t.id, flaggedAt: t.flaggedAt }, data: { flaggedAt: null, flagReason: null } });
    if (n.count === 0) throw conflict("This template's flag changed meanwhile; reload and try again.");
    await tx.templateFlagReview.create({ data: { templateId: t.id, flaggedAt: t.flaggedAt!, flagReason: t.flagReason ?? "", reviewedBy: actor.id, note: input.note ?? null, reviewedAt: now } });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "template.flagReviewed", decision: "ALLOW", riskLevel: "MEDIUM", subjectType: "template", subjectId: t.id,
      reason: input.note ?? null, evidence: { key: t.key, flaggedAt: t.flaggedAt!.toISOString(), flagReason: t.flagReason },
    }, now);
  }));
  return { templateId: t.id, reviewedAt: now.toISOString() };
}

/**
 * One learning pass (the cron, or an approver's "re-evaluate now"): flags from negative outcomes,
 * then a fresh ICP proposal if the evidence moved. The Thompson ranking itself needs no pass: it
 * reads the current evidence at each draft.
 */
export async function refresh(db: Db, now = new Date()): Promise<{ flagged: FlagResult[]; icpProposalId: string | null }> {
  const flagged = await evaluateFlags(db, now);
  const p = await proposeIcp(db, now);
  return { flagged, icpProposalId: p?.id ?? null };
}
