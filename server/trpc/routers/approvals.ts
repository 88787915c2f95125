import {
  approveInput, decisionOutput, pendingListInput, pendingListOutput, rejectInput,
} from "@/server/features/approvals/approvals.schemas";
import * as approvals from "@/server/features/approvals/approvals.service";
import { approverProcedure, router, viewerProcedure } from "../init";

export const approvalsRouter = router({
  pending: viewerProcedure.input(pendingListInput).output(pendingListOutput).query(({ ctx, input }) => approvals.listPending(ctx.db, input)),
  approve: approverProcedure
    .input(approveInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "APPROVE" })),
  reject: approverProcedure
    .input(rejectInput)
    .output(decisionOutput)
    .mutation(({ ctx, input }) => approvals.decide(ctx.db, ctx.user, input, { kind: "REJECT", reasonTag: input.reasonTag, note: input.note })),
});
