import * as callPrep from "@/server/features/call-prep/call-prep.service";
import {
  detailInput, detailOutput, forDraftInput, forDraftOutput, listInput, listOutput, setDryRunInput, setDryRunOutput, writeNowInput, writeNowOutput,
} from "@/server/features/call-prep/call-prep.schemas";
import { ghlFromEnv } from "@/server/integrations/ghl";
import { approverProcedure, router, viewerProcedure } from "../init";

export const callPrepRouter = router({
  list: viewerProcedure.input(listInput).output(listOutput).query(({ ctx, input }) => callPrep.list(ctx.db, input)),
  detail: viewerProcedure.input(detailInput).output(detailOutput).query(({ ctx, input }) => callPrep.detail(ctx.db, input.id)),
  forDraft: viewerProcedure.input(forDraftInput).output(forDraftOutput).query(({ ctx, input }) => callPrep.forDraft(ctx.db, input.draftId)),
  setDryRun: approverProcedure.input(setDryRunInput).output(setDryRunOutput).mutation(({ ctx, input }) => callPrep.setDryRun(ctx.db, ctx.user, input.dryRun)),
  writeNow: approverProcedure.input(writeNowInput).output(writeNowOutput).mutation(({ ctx, input }) => callPrep.writeNow(ctx.db, ghlFromEnv(ctx.db), ctx.user, input.id)),
});
