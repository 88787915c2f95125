import { z } from "zod";
import { auditFilter, auditListInput, auditListOutput, chainVerdictDto, lastVerificationDto } from "@/server/features/audit/audit.schemas";
import * as audit from "@/server/features/audit/audit.service";
import { adminProcedure, router, viewerProcedure } from "../init";

export const auditRouter = router({
  list: viewerProcedure.input(auditListInput).output(auditListOutput).query(({ ctx, input }) => audit.list(ctx.db, input)),
  lastVerification: viewerProcedure.input(z.void()).output(lastVerificationDto).query(({ ctx }) => audit.lastVerification(ctx.db)),
  verify: adminProcedure.input(z.void()).output(chainVerdictDto).mutation(({ ctx }) => audit.verifyAndRecord(ctx.db, ctx.user)),
  exportCsv: viewerProcedure
    .input(auditFilter)
    .output(z.object({ filename: z.string(), csv: z.string(), truncated: z.boolean() }))
    .query(({ ctx, input }) => audit.exportCsv(ctx.db, input)),
});
