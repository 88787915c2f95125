import * as runs from "@/server/features/runs/runs.service";
import { cancelOutput, replayOutput, runDetailOutput, runIdInput, runsListInput, runsListOutput } from "@/server/features/runs/runs.schemas";
import { adminProcedure, router } from "../init";

// Run viewer of the Inngest functions (ADMIN): outputs are redacted by the service.
export const runsRouter = router({
  list: adminProcedure.input(runsListInput).output(runsListOutput).query(({ ctx, input }) => runs.list(ctx.db, input)),
  get: adminProcedure.input(runIdInput).output(runDetailOutput).query(({ ctx, input }) => runs.get(ctx.db, input.runId)),
  cancel: adminProcedure.input(runIdInput).output(cancelOutput).mutation(({ ctx, input }) => runs.cancel(ctx.db, input.runId)),
  replay: adminProcedure.input(runIdInput).output(replayOutput).mutation(({ ctx, input }) => runs.replay(ctx.db, input.runId)),
});
