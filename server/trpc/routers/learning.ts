import { z } from "zod";
import { decideIcp } from "@/server/features/learning/icp.service";
import {
  decideIcpInput, decideIcpOutput, overviewOutput, refreshOutput, reviewFlagInput, reviewFlagOutput,
} from "@/server/features/learning/learning.schemas";
import { refresh, reviewFlag } from "@/server/features/learning/learning.service";
import { overview } from "@/server/features/learning/overview.service";
import { approverProcedure, router, viewerProcedure } from "../init";

export const learningRouter = router({
  overview: viewerProcedure.input(z.void()).output(overviewOutput).query(({ ctx }) => overview(ctx.db)),
  reviewFlag: approverProcedure.input(reviewFlagInput).output(reviewFlagOutput).mutation(({ ctx, input }) => reviewFlag(ctx.db, ctx.user, input)),
  decideIcp: approverProcedure.input(decideIcpInput).output(decideIcpOutput).mutation(({ ctx, input }) => decideIcp(ctx.db, ctx.user, input)),
  refresh: approverProcedure.input(z.void()).output(refreshOutput).mutation(({ ctx }) => refresh(ctx.db)),
});
