import { z } from "zod";
import { auditListInput, auditListOutput, chainVerdictDto } from "@/server/features/audit/audit.schemas";
import * as audit from "@/server/features/audit/audit.service";
import { adminProcedure, router, viewerProcedure } from "../init";

export const auditRouter = router({
  list: viewerProcedure.input(auditListInput).output(auditListOutput).query(({ ctx, input }) => audit.list(ctx.db, input)),
  verify: adminProcedure.input(z.void()).output(chainVerdictDto).mutation(({ ctx }) => audit.verify(ctx.db)),
});
