import { z } from "zod";
import { KILL_SWITCHES, PHASES } from "@/server/domain/phases";
import * as settings from "@/server/features/settings/settings.service";
import { approverProcedure, router, viewerProcedure } from "../init";

const killSwitchDto = z.object({ on: z.boolean(), forced: z.boolean(), by: z.string().nullable(), at: z.string().nullable() });
const killSwitchesDto = z.object(
  Object.fromEntries(KILL_SWITCHES.map((k) => [k, killSwitchDto])) as Record<(typeof KILL_SWITCHES)[number], typeof killSwitchDto>,
);

export const settingsRouter = router({
  overview: viewerProcedure
    .output(z.object({ phase: z.enum(PHASES), killSwitches: killSwitchesDto }))
    .query(async ({ ctx }) => ({
      phase: await settings.get(ctx.db, "phase"),
      killSwitches: await settings.killSwitches(ctx.db),
    })),
  setKillSwitch: approverProcedure
    .input(z.object({ name: z.enum(KILL_SWITCHES), on: z.boolean() }))
    .output(killSwitchesDto)
    .mutation(({ ctx, input }) => settings.setKillSwitch(ctx.db, ctx.user, input.name, input.on)),
});
