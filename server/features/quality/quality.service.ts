import { stringify } from "csv-stringify/sync";
import type { Db } from "@/server/db/client";
import { notFound } from "@/server/domain/errors";
import { emailQualityScore } from "@/server/domain/metrics";
import type { Actor } from "@/server/domain/roles";
import { composeDraft } from "@/server/features/drafting/compose-email";
import { dayKey } from "@/server/features/metrics/metrics.service";
import { countRatingInTx } from "@/server/features/metrics/rollup-increments";
import { retryBusy } from "@/server/db/busy-retry";
import * as repo from "./quality.repository";

/** A review sample: the most recent drafts, each as it will be sent, with the caller's own scores. */
export async function sample(db: Db, actor: Actor, size: number) {
  const drafts = await repo.recentDrafts(db, size);
  const mine = new Map((await repo.ratingsFor(db, drafts.map((d) => d.id), actor.id)).map((r) => [r.draftId, r]));
  const all = await repo.ratingsFor(db, drafts.map((d) => d.id));
  const items = await Promise.all(
    drafts.map(async (d) => {
      const composed = await composeDraft(db, d.id);
      const r = mine.get(d.id);
      return {
        draftId: d.id, subject: composed?.subject ?? d.subject, text: composed?.text ?? d.body, tier: d.tier, status: d.status,
        createdAt: d.createdAt.toISOString(),
        myRating: r ? { personalisation: r.personalisation, subject: r.subject, valueProposition: r.valueProposition, cta: r.cta, tone: r.tone } : null,
      };
    }),
  );
  return { items, meanScore: emailQualityScore(all), rated: all.length };
}

/** Records (or replaces) the caller's 1–5 scores for a draft; the roll-up moves in the same commit. */
export async function rate(db: Db, actor: Actor, input: { draftId: string; personalisation: number; subject: number; valueProposition: number; cta: number; tone: number }) {
  const draft = await db.draft.findUnique({ where: { id: input.draftId }, select: { id: true } });
  if (!draft) throw notFound("Draft");
  const { draftId, ...scores } = input;
  const now = new Date();
  await retryBusy(() => db.$transaction(async (tx) => {
    // First statement a write (takes the lock); the rating it replaces is then read under it.
    await repo.touchRating(tx, draftId, actor.id);
    const before = await repo.ratingOf(tx, draftId, actor.id);
    await tx.emailRating.upsert({
      where: { draftId_reviewerId: { draftId, reviewerId: actor.id } },
      create: { draftId, reviewerId: actor.id, ...scores, createdAt: now },
      update: { ...scores, createdAt: now },
    });
    await countRatingInTx(tx, before, { ...scores, createdAt: now });
  }));
}

/** The sample and every score given to it, as CSV (one row per draft and reviewer). */
export async function exportCsv(db: Db, size: number) {
  const drafts = await repo.recentDrafts(db, size);
  const ratings = await repo.ratingsFor(db, drafts.map((d) => d.id));
  const byDraft = new Map<string, typeof ratings>();
  for (const r of ratings) byDraft.set(r.draftId, [...(byDraft.get(r.draftId) ?? []), r]);
  const rows = drafts.flatMap((d): Record<string, string | number>[] => {
    const rs = byDraft.get(d.id) ?? [];
    const base = { draft_id: d.id, created_at: d.createdAt.toISOString(), tier: d.tier, status: d.status, subject: d.subject };
    if (rs.length === 0) return [{ ...base, reviewer_id: "", personalisation: "", subject_line: "", value_proposition: "", cta: "", tone: "", mean: "" }];
    return rs.map((r) => ({
      ...base, reviewer_id: r.reviewerId, personalisation: r.personalisation, subject_line: r.subject, value_proposition: r.valueProposition,
      cta: r.cta, tone: r.tone, mean: ((r.personalisation + r.subject + r.valueProposition + r.cta + r.tone) / 5).toFixed(2),
    }));
  });
  const csv = stringify(rows, { header: true, columns: ["draft_id", "created_at", "tier", "status", "subject", "reviewer_id", "personalisation", "subject_line", "value_proposition", "cta", "tone", "mean"] });
  return { filename: `email-review-sample-${dayKey(new Date())}.csv`, csv };
}
