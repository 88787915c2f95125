import {
  approveEditedInput, approveInput, bulkApproveInput, bulkApproveOutput, decisionOutput, detailInput, detailOutput, outboxInput, outboxOutput,
  pendingListInput, pendingListOutput, previewEditInput, previewEditOutput, rejectInput, snoozeInput, unsnoozeInput,
} from "@/server/features/approvals/approvals.schemas";
import * as approvals from "@/server/features/approvals/approvals.service";
import { checkEdit } from "@/server/features/approvals/edit-check";
import { detail, sandboxOutbox } from "@/server/features/approvals/inbox-detail.service";
import { after } from "next/server";
import { inngest } from "@/inngest/client";
import { draftApproved } from "@/inngest/events";
import { logger } from "@/server/logger";
import { approverProcedure, router, viewerProcedure } from "../init";

const emitApproved = (draftId: string, reviewerId: string) =>
  inngest.send(draftApproved.create({ draftId, reviewerId }, { id: `approved-${draftId}` }));

/**
 * Releases an approved draft into the one send path (inngest/functions/send-approved-draft.ts),
 * after the response: the approval is committed already and the approver need not wait on the
 * event API. A failed emit is logged and the stuck-approved sweep (sweep-sends, every 5 minutes)
 * sends the draft. Outside a request (tests, scripts) there is no "after", so it is awaited.
 */
function onApproved(draftId: string, reviewerId: string): Promise<unknown> {
  const emit = () => emitApproved(draftId, reviewerId).catch((err) => logger.warn({ err, draftId }, "draft/approved emit failed; the sweep will send it"));
  try {
    after(emit);
    return Promise.resolve();
  } catch {
    return emit();
  }
}

export const approvalsRouter = router({
  pending: viewerProcedure.input(pendingListInput).output(pendingListOutput).query(({ ctx, input }) => approvals.listPending(ctx.db, input)),
  detail: viewerProcedure.input(detailInput).output(detailOutput).query(({ ctx, input }) => detail(ctx.db, input.draftId)),
  outbox: viewerProcedure.input(outboxInput).output(outboxOutput).query(({ ctx, input }) => sandboxOutbox(ctx.db, input)),
  previewEdit: approverProcedure
    .input(previewEditInput)
    .output(previewEditOutput)
    .query(({ ctx, input }) => checkEdit(ctx.db, input.draftId, input)),
  approve: approverProcedure
    .input(approveInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "APPROVE" }, { onApproved })),
  approveEdited: approverProcedure
    .input(approveEditedInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "APPROVE_EDITED", subject: input.subject, body: input.body }, { onApproved })),
  reject: approverProcedure
    .input(rejectInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "REJECT", reasonTag: input.reasonTag, note: input.note })),
  snooze: approverProcedure
    .input(snoozeInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "SNOOZE", until: new Date(input.until) })),
  unsnooze: approverProcedure
    .input(unsnoozeInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "UNSNOOZE" })),
  bulkApprove: approverProcedure
    .input(bulkApproveInput)
    .output(bulkApproveOutput)
    .mutation(({ ctx, input }) => approvals.bulkApprove(ctx.db, ctx.user, input.items, { onApproved })),
});
