import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/domain/errors";
import { sourcesOf, type DraftStatus } from "@/server/domain/draft-status";
import type { Actor } from "@/server/domain/roles";
import { recordInTx } from "@/server/features/audit/audit.service";
import { logger } from "@/server/logger";
import * as repo from "./approvals.repository";

export async function listPending(db: Db, opts: { cursor?: string | null; limit: number }) {
  const { rows, total } = await repo.listPending(db, opts);
  const page = rows.slice(0, opts.limit);
  return {
    total,
    nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null,
    items: page.map((d) => ({
      id: d.id,
      version: d.version,
      subject: d.subject,
      tier: d.tier,
      score: d.score,
      warm: d.warm,
      createdAt: d.createdAt.toISOString(),
      recommendation: d.recommendation,
      companyName: d.visitor.companyName,
      contactName: [d.visitor.firstName, d.visitor.lastName].filter(Boolean).join(" ") || null,
      title: d.visitor.title,
    })),
  };
}

type Decision = { kind: "APPROVE" } | { kind: "REJECT"; reasonTag: string; note?: string };

/**
 * Records Dani's decision on a draft. The status change is one conditional update
 * (expected version and an allowed source status), so of two approvers acting at once exactly
 * one wins and the other gets CONFLICT; a terminal draft never changes.
 */
/**
 * `onApproved` releases an approved draft into the one send path (the router wires it to the
 * draft/approved event; the send-approved-draft function sends it). It runs after the commit; if
 * it fails, the stuck-approved sweep (inngest/functions/sweep-sends.ts) sends the draft later.
 */
export async function decide(
  db: Db, actor: Actor, input: { draftId: string; version: number }, decision: Decision,
  opts: { onApproved?: (draftId: string, reviewerId: string) => Promise<unknown> } = {},
) {
  const result = await decideInTx(db, actor, input, decision);
  if (result.status === "APPROVED" && opts.onApproved) {
    await Promise.resolve().then(() => opts.onApproved!(result.draftId, actor.id)).catch((err) => logger.warn({ err, draftId: result.draftId }, "draft/approved emit failed; the sweep will send it"));
  }
  return result;
}

async function decideInTx(db: Db, actor: Actor, input: { draftId: string; version: number }, decision: Decision) {
  const to: DraftStatus = decision.kind === "APPROVE" ? "APPROVED" : "REJECTED";
  return db.$transaction(async (tx) => {
    const moved = await tx.draft.updateMany({
      where: { id: input.draftId, version: input.version, status: { in: sourcesOf(to) } },
      data: { status: to, version: { increment: 1 }, decidedAt: new Date() },
    });
    const draft = await tx.draft.findUnique({
      where: { id: input.draftId },
      select: { id: true, status: true, recommendation: true, fingerprint: true, visitor: { select: { identityKey: true } } },
    });
    if (!draft) throw notFound("Draft");
    if (moved.count === 0) {
      throw conflict(`This draft was already handled (now ${draft.status.toLowerCase().replace("_", " ")}).`, { status: draft.status });
    }
    await tx.review.create({
      data: {
        draftId: draft.id,
        reviewerId: actor.id,
        decision: decision.kind,
        reasonTag: decision.kind === "REJECT" ? decision.reasonTag : null,
        note: decision.kind === "REJECT" ? (decision.note ?? null) : null,
        systemRecommendation: draft.recommendation,
      },
    });
    if (decision.kind === "REJECT") {
      await tx.rejectionMemory.create({
        data: { identityKey: draft.visitor.identityKey, fingerprint: draft.fingerprint, draftId: draft.id },
      });
    }
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: decision.kind === "APPROVE" ? "draft.approve" : "draft.reject",
      decision: "INFO", subjectType: "draft", subjectId: draft.id,
      evidence: decision.kind === "REJECT" ? { reasonTag: decision.reasonTag } : { recommendation: draft.recommendation },
    });
    return { draftId: draft.id, status: to };
  });
}
