import { draftOutcomes, draftOutcomesInput, draftOutcomesOutput } from "@/server/features/outcomes/draft-outcomes";
import { router, viewerProcedure } from "../init";

export const outcomesRouter = router({
  forDraft: viewerProcedure.input(draftOutcomesInput).output(draftOutcomesOutput).query(({ ctx, input }) => draftOutcomes(ctx.db, input.draftId)),
});
