import type { Tx } from "@/server/db/client";
import { HUMAN_REPLY_CLASSES, SOURCES } from "./metric-sources";
import * as repo from "./metrics.repository";
import { dayKey, dayStart } from "./metrics.service";

/**
 * O(1) roll-up maintenance, inside the transaction that changes what is counted, so the scorecards
 * are right the moment it commits and no request pays for recounting a day. Each function applies
 * exactly the filter of its SOURCES entry; `metrics.service.test.ts` checks that after a mix of
 * actions the roll-ups equal a full recompute. Figures nothing here maintains (visitors, enrichment,
 * drafts, send errors) are recounted by the 5-minute cron (inngest/functions/rollup-metrics.ts).
 */

const DAY_MS = 86_400_000;
const dayRange = (at: Date) => {
  const gte = dayStart(dayKey(at));
  return { gte, lt: new Date(gte.getTime() + DAY_MS) };
};

// A review decision is counted by countReviewSync (rollup.sql.ts), inside the decision's unit of
// work on the SqliteWriter (approvals.service.ts decide).

/** A send moved to SENT (SOURCES.sent: status SENT on its sentAt day); the caller's update guarantees once. */
export async function countSentInTx(tx: Tx, s: { sentAt: Date; subjectVariantId: string }) {
  const day = dayKey(s.sentAt);
  await repo.bumpDay(tx, day, { sent: 1 });
  await repo.bumpVariant(tx, day, s.subjectVariantId, { sent: 1 });
}

/** A new outcome row was inserted (once per provider event; duplicates never reach here). */
export async function countOutcomeInTx(
  tx: Tx,
  o: { id: string; sendId: string | null; type: string; classification: string | null; value: number | null; occurredAt: Date },
) {
  const day = dayKey(o.occurredAt);
  const reply = o.type === "REPLY";
  const human = reply && HUMAN_REPLY_CLASSES.includes(o.classification ?? "");
  const positive = reply && o.classification === "POSITIVE";
  const meeting = o.type === "MEETING";
  const valued = (meeting || o.type === "OPPORTUNITY") && o.value !== null;
  await repo.bumpDay(tx, day, {
    bounces: o.type === "BOUNCE" ? 1 : 0, complaints: o.type === "COMPLAINT" ? 1 : 0, opens: o.type === "OPENED" ? 1 : 0,
    replies: human ? 1 : 0, positiveReplies: positive ? 1 : 0, meetings: meeting ? 1 : 0, pipelineValue: valued ? o.value! : 0,
  });
  if (!o.sendId || !(human || meeting)) return;
  // Per variant the day counts SENDS that drew a reply / positive reply / meeting: only the first such
  // outcome of a send on that day adds one (an indexed look-up by sendId).
  const send = await tx.send.findUnique({ where: { id: o.sendId }, select: { draft: { select: { subjectVariantId: true } } } });
  if (!send) return;
  const r = dayRange(o.occurredAt);
  const first = async (where: object) => (await tx.outcome.count({ where: { ...where, sendId: o.sendId, id: { not: o.id } } })) === 0;
  await repo.bumpVariant(tx, day, send.draft.subjectVariantId, {
    replied: human && (await first(SOURCES.replies.where(r))) ? 1 : 0,
    positive: positive && (await first(SOURCES.positiveReplies.where(r))) ? 1 : 0,
    meetings: meeting && (await first(SOURCES.meetings.where(r))) ? 1 : 0,
  });
}

type Scores = { personalisation: number; subject: number; valueProposition: number; cta: number; tone: number };
const mean = (s: Scores) => (s.personalisation + s.subject + s.valueProposition + s.cta + s.tone) / 5;

/** A rating was given or replaced (a replaced rating moves to its new createdAt day). */
export async function countRatingInTx(tx: Tx, before: (Scores & { createdAt: Date }) | null, after: Scores & { createdAt: Date }) {
  if (before) await repo.bumpDay(tx, dayKey(before.createdAt), { qualityRatings: -1, qualityScoreSum: -mean(before) });
  await repo.bumpDay(tx, dayKey(after.createdAt), { qualityRatings: 1, qualityScoreSum: mean(after) });
}
