import { z } from "zod";
import { publicProcedure, router } from "../init";

export const healthRouter = router({
  ping: publicProcedure.input(z.void()).output(z.object({ ok: z.literal(true) })).query(() => ({ ok: true as const })),
});
