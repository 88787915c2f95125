import type { Db } from "@/server/db/client";
import type { SignalEvidence } from "@/server/domain/icp-refinement";
import { armBeliefs, countsAt } from "@/server/domain/learner";
import { learningConclusion } from "@/server/domain/learning-conclusion";
import { createRng } from "@/server/domain/random";
import { contextKey, PERSONAS } from "@/server/domain/rewards";
import { bucketBeliefs, bucketLabel } from "@/server/domain/send-time";
import { getMany } from "@/server/features/settings/settings.service";
import { learnerModel, settled } from "./learner-model";
import { bucketCounts } from "./learning.service";
import * as repo from "./learning.repository";
import type { Overview } from "./learning.schemas";

type StoredEvidence = Omit<SignalEvidence, "lift" | "lo" | "hi"> & { lift: number | null; lo: number | null; hi: number | null };
const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** Everything the learner concludes, each with its evidence and uncertainty (the Learnings page). */
export async function overview(db: Db, now = new Date()): Promise<Overview> {
  const model = await learnerModel(db, now);
  const t = now.getTime();
  const templates = await repo.templatesForLearning(db);
  const settledSends = model.sends.filter((s) => settled(s, t));
  const rng = createRng(`overview:${model.version}`);

  const contexts: Overview["contexts"] = [];
  for (const tier of ["HOT", "MEDIUM", "LOW"]) {
    const tierTemplates = templates.filter((x) => x.tier === tier && x.active);
    if (tierTemplates.length === 0) continue;
    for (const persona of PERSONAS) {
      const context = contextKey(tier, persona);
      const sends = settledSends.filter((s) => s.context === context);
      const arms = tierTemplates.flatMap((x) => x.variants.filter((v) => v.active).map((v) => ({ template: x.id, variant: v.id, x, v })));
      const beliefs = armBeliefs(model.learner, context, arms.map((a) => ({ template: a.template, variant: a.variant })), rng, t, 600);
      const rows = arms.map((a, i) => {
        const c = countsAt(model.learner, context, a.template, a.variant, t);
        const mine = sends.filter((s) => s.templateId === a.template && s.variantId === a.variant);
        return {
          templateId: a.x.id, templateKey: a.x.key, variantKey: a.v.key, subject: a.v.subject,
          sends: c.sends, replies: c.replies, positives: c.positives,
          meanReward: mine.length ? mine.reduce((s, x) => s + x.summary.reward, 0) / mine.length : null,
          pPositive: { mean: beliefs[i].mean, lo: beliefs[i].lo, hi: beliefs[i].hi }, pBest: beliefs[i].pBest,
        };
      }).sort((a, b) => b.pBest - a.pBest);
      const conclusion = learningConclusion(rows, sends.length);
      contexts.push({ context, tier, persona, sends: sends.length, conclusion, arms: rows });
    }
  }

  const s = await getMany(db, ["sendingWindow", "sendTimeOptimisation"] as const);
  const sendTimes = PERSONAS.map((persona) => {
    const b = bucketBeliefs(bucketCounts(model.sends, persona, s.sendingWindow.timeZone, t));
    return {
      persona, sends: b.sends, overall: b.overall,
      best: [...b.buckets].sort((x, y) => y.mean - x.mean).slice(0, 5).map((x) => ({ label: bucketLabel(x.bucket), sends: x.sends, replies: x.replies, rate: { mean: x.mean, lo: x.lo, hi: x.hi } })),
    };
  });

  const [reviews, pending, history] = await Promise.all([
    db.templateFlagReview.findMany({ orderBy: { reviewedAt: "desc" }, take: 10, select: { templateId: true, reviewedAt: true, reviewedBy: true, flagReason: true, note: true } }),
    db.icpProposal.findFirst({ where: { status: "PROPOSED" }, orderBy: { createdAt: "desc" }, select: { id: true, createdAt: true, basedOnSends: true, evidence: true } }),
    db.icpProposal.findMany({ where: { status: { not: "PROPOSED" } }, orderBy: { createdAt: "desc" }, take: 5, select: { id: true, status: true, createdAt: true, decidedAt: true, proposed: true } }),
  ]);
  const users = new Map((await db.user.findMany({ where: { id: { in: reviews.map((r) => r.reviewedBy) } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const keyOf = new Map(templates.map((x) => [x.id, x.key]));

  return {
    computedAt: now.toISOString(),
    sends: model.sends.length,
    settledSends: settledSends.length,
    replies: settledSends.filter((x) => x.summary.replied).length,
    positives: settledSends.filter((x) => x.summary.positive).length,
    halfLifeDays: model.learner.options.halfLifeDays,
    contexts,
    flagged: templates.filter((x) => x.flaggedAt).map((x) => ({ templateId: x.id, key: x.key, name: x.name, flaggedAt: x.flaggedAt!.toISOString(), reason: x.flagReason ?? "" })),
    reviews: reviews.map((r) => ({ templateKey: keyOf.get(r.templateId) ?? r.templateId, reviewedAt: r.reviewedAt.toISOString(), reviewedBy: users.get(r.reviewedBy) ?? r.reviewedBy, flagReason: r.flagReason, note: r.note })),
    sendTimes,
    sendTimeSettings: s.sendTimeOptimisation,
    icp: {
      pending: pending ? {
        id: pending.id, createdAt: pending.createdAt.toISOString(), basedOnSends: pending.basedOnSends,
        // NaN (too little data) was stored as null by JSON.
        evidence: (JSON.parse(pending.evidence) as StoredEvidence[]).map((e) => ({ ...e, lift: finite(e.lift ?? NaN), lo: finite(e.lo ?? NaN), hi: finite(e.hi ?? NaN) })),
      } : null,
      history: history.map((h) => ({ id: h.id, status: h.status, createdAt: h.createdAt.toISOString(), decidedAt: h.decidedAt?.toISOString() ?? null, proposed: JSON.parse(h.proposed) as Record<string, number> })),
    },
  };
}
