import { z } from "zod";
import { drillDown } from "@/server/features/metrics/drill-down";
import { drillDownInput, drillDownOutput, rangeInput, scorecardsOutput } from "@/server/features/metrics/metrics.schemas";
import { dayStart, recomputeRange, scorecards } from "@/server/features/metrics/metrics.service";
import { adminProcedure, router, viewerProcedure } from "../init";

const DAY_MS = 86_400_000;

export const metricsRouter = router({
  scorecards: viewerProcedure.input(rangeInput).output(scorecardsOutput).query(async ({ ctx, input }) => {
    const { cards, days } = await scorecards(ctx.db, input);
    return { cards, days };
  }),
  drillDown: viewerProcedure
    .input(drillDownInput)
    .output(drillDownOutput)
    .query(({ ctx, input }) =>
      drillDown(ctx.db, input.source, { gte: dayStart(input.from), lt: new Date(dayStart(input.to).getTime() + DAY_MS) }, input.limit, input.cursor),
    ),
  recompute: adminProcedure
    .input(rangeInput)
    .output(z.object({ days: z.number() }))
    .mutation(async ({ ctx, input }) => ({ days: await recomputeRange(ctx.db, dayStart(input.from), dayStart(input.to)) })),
});
