import {
  approveInput, decisionOutput, pendingListInput, pendingListOutput, rejectInput,
} from "@/server/features/approvals/approvals.schemas";
import * as approvals from "@/server/features/approvals/approvals.service";
import { inngest } from "@/inngest/client";
import { draftApproved } from "@/inngest/events";
import { approverProcedure, router, viewerProcedure } from "../init";

/** Releases an approved draft into the one send path (inngest/functions/send-approved-draft.ts). */
const onApproved = (draftId: string, reviewerId: string) =>
  inngest.send(draftApproved.create({ draftId, reviewerId }, { id: `approved-${draftId}` }));

export const approvalsRouter = router({
  pending: viewerProcedure.input(pendingListInput).output(pendingListOutput).query(({ ctx, input }) => approvals.listPending(ctx.db, input)),
  approve: approverProcedure
    .input(approveInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "APPROVE" }, { onApproved })),
  reject: approverProcedure
    .input(rejectInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "REJECT", reasonTag: input.reasonTag, note: input.note })),
});
