import { z } from "zod";
import { inngest } from "@/inngest/client";
import { alertQueued } from "@/inngest/events";
import {
  digestGetInput, digestGetOutput, generateOutput, inspectLinkOutput, linkInput, useLinkOutput,
} from "@/server/features/digest/digest.schemas";
import { generateNow, getDigest, inspectLink, useLink } from "@/server/features/digest/digest.service";
import { approverProcedure, router, viewerProcedure } from "../init";

export const digestRouter = router({
  get: viewerProcedure.input(digestGetInput).output(digestGetOutput).query(({ ctx, input }) => getDigest(ctx.db, input.id)),
  generateNow: approverProcedure.input(z.void()).output(generateOutput)
    .mutation(({ ctx }) => generateNow(ctx.db, ctx.user, { emit: () => inngest.send(alertQueued.create({ alertId: "digest" })) })),
  /** What a one-click link would do; changes nothing (the confirmation page). */
  inspectLink: viewerProcedure.input(linkInput).output(inspectLinkOutput).query(({ ctx, input }) => inspectLink(ctx.db, input.token)),
  /** The confirmation's POST: the only call that acts on a link. */
  useLink: approverProcedure.input(linkInput).output(useLinkOutput).mutation(({ ctx, input }) => useLink(ctx.db, ctx.user, input.token)),
});
