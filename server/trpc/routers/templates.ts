import { z } from "zod";
import {
  previewInput, previewOutput, saveVersionInput, saveVersionOutput, templateListOutput,
} from "@/server/features/templates/templates.schemas";
import * as templates from "@/server/features/templates/templates.service";
import { approverProcedure, router, viewerProcedure } from "../init";

export const templatesRouter = router({
  list: viewerProcedure.input(z.void()).output(templateListOutput).query(({ ctx }) => templates.list(ctx.db)),
  preview: viewerProcedure.input(previewInput).output(previewOutput).query(({ ctx, input }) => templates.preview(ctx.db, input)),
  saveVersion: approverProcedure.input(saveVersionInput).output(saveVersionOutput).mutation(({ ctx, input }) => templates.saveVersion(ctx.db, ctx.user, input)),
});
