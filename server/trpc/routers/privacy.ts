import { eraseContactOfDraft } from "@/server/features/privacy/erasure.service";
import { eraseContactInput, eraseContactOutput } from "@/server/features/privacy/privacy.schemas";
import { adminProcedure, router } from "../init";

export const privacyRouter = router({
  eraseContact: adminProcedure.input(eraseContactInput).output(eraseContactOutput).mutation(({ ctx, input }) => eraseContactOfDraft(ctx.db, ctx.user, input.draftId)),
});
