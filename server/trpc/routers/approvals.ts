import {
  approveEditedInput, approveInput, bulkApproveInput, bulkApproveOutput, decisionOutput, detailInput, detailOutput, outboxInput, outboxOutput,
  pendingListInput, pendingListOutput, previewEditInput, previewEditOutput, rejectInput, snoozeInput, unsnoozeInput,
} from "@/server/features/approvals/approvals.schemas";
import * as approvals from "@/server/features/approvals/approvals.service";
import { checkEdit } from "@/server/features/approvals/edit-check";
import { detail, sandboxOutbox } from "@/server/features/approvals/inbox-detail.service";
import { inngest } from "@/inngest/client";
import { draftApproved } from "@/inngest/events";
import { approverProcedure, router, viewerProcedure } from "../init";

/** Releases an approved draft into the one send path (inngest/functions/send-approved-draft.ts). */
const onApproved = (draftId: string, reviewerId: string) =>
  inngest.send(draftApproved.create({ draftId, reviewerId }, { id: `approved-${draftId}` }));

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
