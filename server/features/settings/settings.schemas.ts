import { z } from "zod";
import { HARD_LIMITS, KILL_SWITCHES, PHASE_DAILY_LIMIT, PHASES } from "@/server/domain/phases";
import { SENIORITY_LEVELS } from "@/server/domain/scoring";
import { DEFAULT_ICP, DEFAULT_PAGE_SIGNALS, DEFAULT_WARM, DEFAULT_WEIGHTS } from "@/server/domain/scoring-defaults";

const points = z.number().min(0).max(100);

/** A GHL contact custom field key as GHL shows it, e.g. contact.caio_call_prep. */
const ghlFieldKey = z.string().max(100).regex(/^contact\.[a-z0-9_]+$/, "must be a GHL contact field key such as contact.caio_call_prep (lower-case letters, digits, _)");

/** A sending domain as in the From address (lower case, at least one dot). */
export const sendingDomainSchema = z.string().trim().toLowerCase().max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a domain such as mail.example.com");

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
  /**
   * Full phase: how long a MEDIUM lead without warm connection waits in the inbox before it is
   * auto-sent (time for a human to step in). 1 h by default (DESIGN.md §5).
   */
  fullMediumDelaySeconds: { schema: z.number().int().min(1).max(7 * 86_400), default: 3600 },
  excludedDomains: { schema: z.array(z.string().min(1)), default: [] as string[] },
  // Intent scoring (server/domain/scoring.ts): weights live here, not in code.
  scoringWeights: {
    schema: z.object({
      seniority: z.object(Object.fromEntries(SENIORITY_LEVELS.map((l) => [l, points])) as Record<(typeof SENIORITY_LEVELS)[number], typeof points>),
      repeatVisitEach: points,
      repeatVisitCap: points,
      pageSignalsCap: points,
      icpSize: points,
      icpIndustry: points,
      warmConnection: points,
    }),
    default: DEFAULT_WEIGHTS,
  },
  pageSignals: {
    schema: z.array(z.object({ key: z.string().regex(/^[a-z0-9_]+$/), label: z.string().min(1), points, patterns: z.array(z.string().min(1)).min(1) })),
    default: DEFAULT_PAGE_SIGNALS,
  },
  warmConnections: {
    schema: z.object({ pastEmployers: z.array(z.string().min(1)), knownContacts: z.array(z.string().min(1)) }),
    default: DEFAULT_WARM,
  },
  icp: {
    schema: z.object({
      employeeMin: z.number().int().min(0),
      employeeMax: z.number().int().min(1).nullable(),
      industries: z.array(z.string().min(1)),
    }),
    default: DEFAULT_ICP,
  },
  /** Enrichment backfill: visitors per run and attempts before a visitor is given up on. */
  enrichmentBackfill: {
    schema: z.object({ batchSize: z.number().int().min(1).max(200), maxAttempts: z.number().int().min(1).max(20) }),
    default: { batchSize: 25, maxAttempts: 5 },
  },
  /**
   * Send-time optimisation (DESIGN.md §7): auto-sends may wait for a clearly better hour-of-week
   * slot of the recipient's persona, at most this long, inside the sending window.
   */
  sendTimeOptimisation: {
    schema: z.object({ enabled: z.boolean(), maxDelayHours: z.number().int().min(1).max(72) }),
    default: { enabled: true, maxDelayHours: 24 },
  },
  /**
   * Call prep (PREPPER): in dry run, briefs are prepared and shown but NOT written to GHL, so the
   * first ones can be checked; on until an approver turns it off (Call prep page or Settings).
   */
  callPrepDryRun: { schema: z.boolean(), default: true },
  /**
   * GHL custom field keys the brief is written to (create them as large-text contact fields in GHL).
   * Four different keys: two parts written to one field would overwrite each other.
   */
  callPrepFields: {
    schema: z.object({ brief: ghlFieldKey, talkingPoints: ghlFieldKey, score: ghlFieldKey, link: ghlFieldKey })
      .refine((f) => new Set(Object.values(f)).size === 4, { message: "each part needs its own GHL field (two parts share a key)" }),
    default: { brief: "contact.caio_call_prep", talkingPoints: "contact.caio_talking_points", score: "contact.caio_score", link: "contact.caio_call_prep_link" },
  },
  /**
   * Sending domains paused by the sending-domain monitor (bounce rate > 2 % or a spam complaint,
   * DESIGN.md §10): the send claim refuses to send from them until an approver resumes the domain.
   */
  pausedSendingDomains: {
    schema: z.record(z.string().min(1), z.object({ reason: z.string(), at: z.string(), by: z.string() })),
    default: {} as Record<string, { reason: string; at: string; by: string }>,
  },
  /**
   * The weekly digest: generated on this ISO weekday (1 = Monday) from this local hour on, in this
   * time zone. Read at run time by an hourly cron, so a change applies without re-syncing functions.
   */
  digestSchedule: {
    schema: z.object({ timeZone: z.string().min(1), weekday: z.number().int().min(1).max(7), hour: z.number().int().min(0).max(23) }),
    default: { timeZone: "America/New_York", weekday: 1, hour: 8 },
  },
  /** Signature the server appends to every e-mail (server/features/drafting/compose-email.ts). */
  emailSignature: {
    schema: z.string().min(1).max(500),
    default: "Best,\nDani\nHead of Sales, CAIO Swarm",
  },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;
