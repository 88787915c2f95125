import { z } from "zod";
import { csvOutput, rateInput, sampleInput, sampleOutput } from "@/server/features/quality/quality.schemas";
import * as quality from "@/server/features/quality/quality.service";
import { approverProcedure, router, viewerProcedure } from "../init";

export const qualityRouter = router({
  sample: viewerProcedure.input(sampleInput).output(sampleOutput).query(({ ctx, input }) => quality.sample(ctx.db, ctx.user, input.size)),
  rate: approverProcedure.input(rateInput).output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx, input }) => {
    await quality.rate(ctx.db, ctx.user, input);
    return { ok: true as const };
  }),
  exportCsv: viewerProcedure.input(sampleInput).output(csvOutput).query(({ ctx, input }) => quality.exportCsv(ctx.db, input.size)),
});
