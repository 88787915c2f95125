import { z } from "zod";
import { inngest } from "@/inngest/client";
import { visitorIdentified } from "@/inngest/events";
import { progress, sendTestVisitor } from "@/server/features/visitors/test-visitor";
import { approverProcedure, router, viewerProcedure } from "../init";

export const pipelineRouter = router({
  sendTestVisitor: approverProcedure.input(z.void())
    .output(z.object({ visitorId: z.string() }))
    .mutation(({ ctx }) =>
      sendTestVisitor(ctx.db, ctx.user, (data) => inngest.send(visitorIdentified.create(data, { id: `rb2b-${data.deliveryId}` }))),
    ),
  testVisitorProgress: viewerProcedure
    .input(z.object({ visitorId: z.string().min(1).max(64) }))
    .output(
      z.object({
        received: z.boolean(), scored: z.string().nullable(), enrichment: z.string(),
        draft: z.object({ id: z.string(), status: z.string(), recommendation: z.string().nullable() }).nullable(),
        send: z.object({ status: z.string(), mode: z.string() }).nullable(),
      }).nullable(),
    )
    .query(({ ctx, input }) => progress(ctx.db, input.visitorId)),
});
