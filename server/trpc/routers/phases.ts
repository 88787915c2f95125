import { z } from "zod";
import { PHASES } from "@/server/domain/phases";
import { advanceInput, moveDownInput, phaseOverviewOutput, tickInput } from "@/server/features/phases/phases.schemas";
import * as phases from "@/server/features/phases/phases.service";
import { approverProcedure, router, viewerProcedure } from "../init";

const moved = z.object({ from: z.enum(PHASES), to: z.enum(PHASES) });

export const phasesRouter = router({
  overview: viewerProcedure.input(z.void()).output(phaseOverviewOutput).query(({ ctx }) => phases.overview(ctx.db)),
  tickManualItem: approverProcedure.input(tickInput).output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx, input }) => {
    await phases.tickManualItem(ctx.db, ctx.user, input);
    return { ok: true as const };
  }),
  advance: approverProcedure.input(advanceInput).output(moved).mutation(({ ctx, input }) => phases.transition(ctx.db, ctx.user, "UP", input.to, input.comment)),
  moveDown: approverProcedure.input(moveDownInput).output(moved).mutation(({ ctx, input }) => phases.transition(ctx.db, ctx.user, "DOWN", input.to, input.reason)),
});
