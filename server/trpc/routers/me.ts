import { z } from "zod";
import { ROLES } from "@/server/domain/roles";
import { router, viewerProcedure } from "../init";

export const meRouter = router({
  get: viewerProcedure.input(z.void())
    .output(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) }))
    .query(({ ctx }) => ({ id: ctx.user.id, name: ctx.user.name, role: ctx.user.role })),
});
