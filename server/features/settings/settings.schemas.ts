import { z } from "zod";
import { HARD_LIMITS, KILL_SWITCHES, PHASE_DAILY_LIMIT, PHASES } from "@/server/domain/phases";

const killSwitchState = z.object({
  on: z.boolean(),
  by: z.string().nullable(),
  at: z.string().nullable(),
});

/**
 * Every setting: its key, zod schema and default. Values are stored as JSON in the Setting table
 * and validated on every read, so a bad row fails loudly instead of silently changing behaviour.
 */
export const SETTINGS = {
  phase: { schema: z.enum(PHASES), default: "parallel" as const },
  killSwitches: {
    schema: z.object(Object.fromEntries(KILL_SWITCHES.map((k) => [k, killSwitchState])) as Record<
      (typeof KILL_SWITCHES)[number],
      typeof killSwitchState
    >),
    default: Object.fromEntries(KILL_SWITCHES.map((k) => [k, { on: false, by: null, at: null }])) as Record<
      (typeof KILL_SWITCHES)[number],
      z.infer<typeof killSwitchState>
    >,
  },
  phaseDailyLimits: {
    schema: z.object(
      Object.fromEntries(PHASES.map((p) => [p, z.number().int().min(0).max(HARD_LIMITS.daily)])) as Record<
        (typeof PHASES)[number],
        z.ZodNumber
      >,
    ),
    default: { ...PHASE_DAILY_LIMIT },
  },
  sendingWindow: {
    schema: z.object({
      timeZone: z.string().min(1),
      startHour: z.number().int().min(0).max(23),
      endHour: z.number().int().min(1).max(24),
      /** ISO weekdays, 1 = Monday ... 7 = Sunday */
      days: z.array(z.number().int().min(1).max(7)),
    }),
    default: { timeZone: "America/New_York", startHour: 9, endHour: 17, days: [1, 2, 3, 4, 5] },
  },
  excludedDomains: { schema: z.array(z.string().min(1)), default: [] as string[] },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;
