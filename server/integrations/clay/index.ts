import { appUrl, env } from "@/server/env";
import { logger } from "@/server/logger";
import { createClayClient } from "./clay.client";
import { createSandboxClay } from "./clay.sandbox";
import type { ClayClient } from "./clay.types";

export * from "./clay.types";

/**
 * Documented development default for CLAY_CALLBACK_SECRET, used outside production when it is
 * unset (the sandbox signs its callbacks with it). In production an unset secret refuses callbacks.
 */
export const DEV_CLAY_CALLBACK_SECRET = "dev-clay-callback-secret";

export function clayCallbackSecret(): string | null {
  const e = env();
  if (e.CLAY_CALLBACK_SECRET) return e.CLAY_CALLBACK_SECRET;
  return e.NODE_ENV === "production" ? null : DEV_CLAY_CALLBACK_SECRET;
}

/** Our callback URL, given to Clay with every row. */
export function clayCallbackUrl(): string {
  return appUrl("/api/webhooks/clay");
}

let cached: { client: ClayClient; for: ReturnType<typeof env> } | undefined;

/**
 * Live client when CLAY_WEBHOOK_URL is set, otherwise the sandbox (nothing leaves the machine).
 * Cached per validated environment, so a test that resets env() gets a client for the new one.
 */
export function clayFromEnv(): ClayClient {
  const e = env();
  if (cached?.for === e) return cached.client;
  let client: ClayClient;
  if (e.CLAY_WEBHOOK_URL) {
    client = createClayClient({ webhookUrl: e.CLAY_WEBHOOK_URL, auth: e.CLAY_WEBHOOK_AUTH });
  } else {
    const secret = clayCallbackSecret();
    if (!secret) throw new Error("Clay sandbox needs CLAY_CALLBACK_SECRET in production");
    client = createSandboxClay({
      secret, delayMs: e.CLAY_SANDBOX_DELAY_MS, failureRate: e.CLAY_SANDBOX_FAILURE_RATE,
      onCallbackError: (err) => logger.warn({ err }, "sandbox Clay callback failed"),
    });
  }
  cached = { client, for: e };
  return client;
}
