import { z } from "zod";
import { joinUnder } from "@/server/http/url";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const optionalUrl = z.url().optional().or(z.literal("").transform(() => undefined));
const optionalString = z.string().optional().transform((v) => (v ? v : undefined));

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string({ error: "is required, e.g. DATABASE_URL=file:./data/dev.db" })
    .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with "file:" (embedded SQLite) or "postgres://"',
    }),
  NEXTAUTH_SECRET: z
    .string({ error: "is required: a random string of at least 32 characters (openssl rand -hex 32)" })
    .min(32, "must be at least 32 characters (openssl rand -hex 32)"),
  NEXTAUTH_URL: z.url({ error: "is required: the public URL of the app, e.g. http://localhost:3000" }),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Keyed hash of suppressed addresses; falls back to NEXTAUTH_SECRET-derived key when unset. */
  SUPPRESSION_HASH_KEY: optionalString,
  STATUS_TOKEN: optionalString,
  COMPANY_POSTAL_ADDRESS: z.string().default("CAIO Swarm Inc., 100 Market Street, Suite 300, San Francisco, CA 94105, USA"),
  // Integrations: each runs in sandbox mode while its credentials are unset.
  RB2B_WEBHOOK_TOKEN: optionalString,
  CLAY_WEBHOOK_URL: optionalUrl,
  CLAY_WEBHOOK_AUTH: optionalString,
  CLAY_CALLBACK_SECRET: optionalString,
  /** Sandbox Clay (no CLAY_WEBHOOK_URL): delay before it answers, and the share of pushes that fail. */
  CLAY_SANDBOX_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
  CLAY_SANDBOX_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** How long a workflow waits for Clay's callback before drafting from partial data (DESIGN.md §3 step 3). */
  CLAY_CALLBACK_WAIT_S: z.coerce.number().int().min(1).max(600).default(30),
  /** The app's public root (base path included) for every absolute link and callback (appUrl); defaults to NEXTAUTH_URL's origin. */
  APP_BASE_URL: optionalUrl,
  GHL_API_TOKEN: optionalString,
  GHL_LOCATION_ID: optionalString,
  GHL_API_BASE: z.url().default("https://services.leadconnectorhq.com"),
  GHL_WEBHOOK_SECRET: optionalString,
  /**
   * Signed marketplace webhooks (server/features/outcomes/webhook-secret.ts): the Ed25519 PEM key for
   * `x-ghl-signature`, and the legacy RSA PEM key for `x-wh-signature`. Unset: only the shared secret.
   */
  GHL_WEBHOOK_ED25519_PUBLIC_KEY: optionalString,
  GHL_WEBHOOK_PUBLIC_KEY: optionalString,
  GHL_EMAIL_FROM: optionalString,
  /**
   * Optional LLM reply classifier (server/integrations/llm/reply-llm.ts), off unless URL and model
   * are set: an OpenAI-compatible chat-completions endpoint. The rules stay the fallback.
   */
  REPLY_LLM_URL: optionalUrl,
  REPLY_LLM_MODEL: optionalString,
  REPLY_LLM_API_KEY: optionalString,
  REPLY_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(4000),
  /** Slack incoming webhook for alerts and the weekly digest; unset: sandbox (the Alerts page lists them). */
  SLACK_WEBHOOK_URL: optionalUrl,
  /** HMAC key of the digest's one-click override links; unset: derived from NEXTAUTH_SECRET. */
  ACTION_LINK_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -hex 32)").optional().or(z.literal("").transform(() => undefined)),
  // Inngest. Unset: the local executor (npm run dev / start generate keys per launch). Set these
  // to point the same code at Inngest Cloud or a self-hosted Inngest (inngest/executor/README.md).
  // GET /api/health probes INNGEST_BASE_URL when set.
  INNGEST_BASE_URL: optionalUrl,
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_DEV: z.enum(["0", "1", "true", "false", ""]).optional(),
  /** The app's serve endpoint as the executor reaches it (default http://127.0.0.1:$PORT/api/inngest). */
  INNGEST_APP_URL: optionalUrl,
  /** Local executor listen address (default: host and port of INNGEST_BASE_URL, else 127.0.0.1:8288). */
  EXECUTOR_HOST: optionalString,
  EXECUTOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Tuning/test knobs of the local executor (defaults suit production). */
  EXECUTOR_BACKOFF_SCALE: z.coerce.number().positive().optional(),
  EXECUTOR_LEASE_MS: z.coerce.number().int().positive().optional(),
  EXECUTOR_POLL_MS: z.coerce.number().int().positive().optional(),
  EXECUTOR_MAX_IN_FLIGHT: z.coerce.number().int().positive().optional(),
  /** `0` turns off step checkpointing (one call to the app per step instead of one per run segment). */
  EXECUTOR_CHECKPOINTING: z.enum(["0", "1"]).optional(),
  // Kill switches forced on from the environment (the UI cannot turn them off).
  PAUSE_ALL_SENDS: flag,
  SHADOW_MODE_OVERRIDE: flag,
  REQUIRE_MANUAL_APPROVAL: flag,
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Validates an environment; the error lists every bad variable, one per line, without values. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(root)"} ${i.message}`);
  throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee README.md, "Environment variables".`);
}

let cached: Env | undefined;

/** The validated process environment (validated once, at first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * An absolute URL of the app, for links and callbacks (unsubscribe links, Slack buttons, GHL
 * call-prep fields, the Clay callback): APP_BASE_URL with its base path (an app served under
 * /something), else only the origin of NEXTAUTH_URL, whose path next-auth may use for its own API
 * (https://example.com/api/auth).
 */
export function appUrl(path = ""): string {
  const e = env();
  return joinUnder(e.APP_BASE_URL ?? new URL(e.NEXTAUTH_URL).origin, path);
}

/**
 * Forgets the validated environment so the next env() re-reads process.env. For tests that
 * change process.env (e.g. server/testing/pipeline-harness.ts pointing Clay at a fake server);
 * values derived from env() and cached elsewhere (the Clay client) are rebuilt when they see a
 * new env() object.
 */
export function resetEnvForTests(): void {
  cached = undefined;
}
