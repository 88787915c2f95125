import type { DbOrTx } from "@/server/db/client";

/** One sent e-mail with what the learner needs: arm, context inputs and its outcomes. */
export interface SendRow {
  sendId: string;
  sentAt: Date;
  tier: string;
  scoreBreakdown: string;
  templateId: string;
  variantId: string;
  visitorState: string | null;
  outcomes: { type: string; classification: string | null }[];
}

/** Sends that left (live or sandbox) since `since`; shadow sends never reached anyone. */
export async function sentSince(db: DbOrTx, since: Date): Promise<SendRow[]> {
  const rows = await db.send.findMany({
    where: { status: "SENT", sentAt: { gte: since } },
    orderBy: { sentAt: "asc" },
    select: {
      id: true, sentAt: true,
      outcomes: { select: { type: true, classification: true } },
      draft: { select: { tier: true, scoreBreakdown: true, subjectVariantId: true, templateVersion: { select: { templateId: true } }, visitor: { select: { state: true } } } },
    },
  });
  return rows.map((r) => ({
    sendId: r.id, sentAt: r.sentAt!, tier: r.draft.tier, scoreBreakdown: r.draft.scoreBreakdown, templateId: r.draft.templateVersion.templateId,
    variantId: r.draft.subjectVariantId, visitorState: r.draft.visitor.state, outcomes: r.outcomes,
  }));
}

/**
 * Fingerprint of the evidence: changes whenever a send goes out or an outcome arrives. Two
 * aggregates over every sent send and outcome (~1.4 ms of CPU through Prisma): drafting asks at most
 * once a second (learnerModel's maxStaleMs).
 */
export async function evidenceVersion(db: DbOrTx): Promise<string> {
  const [s, o] = await Promise.all([
    db.send.aggregate({ where: { status: "SENT" }, _count: { _all: true }, _max: { sentAt: true } }),
    db.outcome.aggregate({ _count: { _all: true }, _max: { createdAt: true } }),
  ]);
  return [s._count._all, s._max.sentAt?.getTime() ?? 0, o._count._all, o._max.createdAt?.getTime() ?? 0].join(":");
}

export async function templatesForLearning(db: DbOrTx) {
  return db.template.findMany({
    orderBy: { key: "asc" },
    select: { id: true, key: true, name: true, tier: true, angle: true, active: true, flaggedAt: true, flagReason: true, variants: { orderBy: { key: "asc" }, select: { id: true, key: true, subject: true, active: true } } },
  });
}

export async function lastReviews(db: DbOrTx): Promise<Map<string, Date>> {
  const rows = await db.templateFlagReview.groupBy({ by: ["templateId"], _max: { reviewedAt: true } });
  return new Map(rows.map((r) => [r.templateId, r._max.reviewedAt!]));
}
