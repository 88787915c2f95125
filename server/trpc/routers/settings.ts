import { z } from "zod";
import { HARD_LIMITS, KILL_SWITCHES, PHASES } from "@/server/domain/phases";
import * as domains from "@/server/features/settings/sending-domains.service";
import * as settings from "@/server/features/settings/settings.service";
import { integrationStatus } from "@/server/features/status/integrations";
import { approverProcedure, router, viewerProcedure } from "../init";

const pausedDomainsDto = z.array(z.object({ domain: z.string(), reason: z.string(), at: z.string(), by: z.string() }));
const domainPauseOutput = z.object({ changed: z.boolean(), domains: pausedDomainsDto });

const killSwitchDto = z.object({ on: z.boolean(), forced: z.boolean(), by: z.string().nullable(), at: z.string().nullable() });
const killSwitchesDto = z.object(
  Object.fromEntries(KILL_SWITCHES.map((k) => [k, killSwitchDto])) as Record<(typeof KILL_SWITCHES)[number], typeof killSwitchDto>,
);

export const settingsRouter = router({
  overview: viewerProcedure.input(z.void())
    .output(z.object({ phase: z.enum(PHASES), killSwitches: killSwitchesDto }))
    .query(async ({ ctx }) => ({
      phase: await settings.get(ctx.db, "phase"),
      killSwitches: await settings.killSwitches(ctx.db),
    })),
  setKillSwitch: approverProcedure
    .input(z.object({ name: z.enum(KILL_SWITCHES), on: z.boolean() }))
    .output(killSwitchesDto)
    .mutation(({ ctx, input }) => settings.setKillSwitch(ctx.db, ctx.user, input.name, input.on)),
  editable: viewerProcedure.input(z.void())
    .output(z.object({
      values: z.record(z.string(), z.unknown()),
      updated: z.record(z.string(), z.object({ at: z.string(), by: z.string().nullable() }).nullable()),
      hardLimits: z.object({ monthly: z.number(), daily: z.number(), hourly: z.number(), perDomainHourly: z.number(), minSecondsBetweenSends: z.number() }),
    }))
    .query(async ({ ctx }) => ({ ...(await settings.editable(ctx.db)), hardLimits: { ...HARD_LIMITS } })),
  update: approverProcedure
    .input(z.object({ key: z.enum(settings.EDITABLE_KEYS), value: z.unknown() }))
    .output(z.object({ key: z.string(), value: z.unknown() }))
    .mutation(async ({ ctx, input }) => ({ key: input.key, value: await settings.update(ctx.db, ctx.user, input.key, input.value) })),
  /** Several settings that belong together (one form), all or nothing. */
  updateMany: approverProcedure
    .input(z.object({ entries: z.array(z.object({ key: z.enum(settings.EDITABLE_KEYS), value: z.unknown() })).min(1).max(settings.EDITABLE_KEYS.length) }))
    .output(z.array(z.object({ key: z.string(), value: z.unknown() })))
    .mutation(({ ctx, input }) => settings.updateMany(ctx.db, ctx.user, input.entries)),
  pausedDomains: viewerProcedure.input(z.void()).output(pausedDomainsDto).query(({ ctx }) => domains.pausedDomains(ctx.db)),
  pauseDomain: approverProcedure
    .input(z.object({ domain: z.string().max(300), reason: z.string().max(1000).optional() }))
    .output(domainPauseOutput)
    .mutation(({ ctx, input }) => domains.setDomainPause(ctx.db, ctx.user, { domain: input.domain, paused: true, reason: input.reason })),
  resumeDomain: approverProcedure
    .input(z.object({ domain: z.string().max(300) }))
    .output(domainPauseOutput)
    .mutation(({ ctx, input }) => domains.setDomainPause(ctx.db, ctx.user, { domain: input.domain, paused: false })),
  integrations: viewerProcedure.input(z.void())
    .output(z.array(z.object({ service: z.string(), mode: z.enum(["sandbox", "live"]), breaker: z.string().nullable(), lastSuccessAt: z.string().nullable(), lastFailureAt: z.string().nullable() })))
    .query(({ ctx }) => integrationStatus(ctx.db)),
});
