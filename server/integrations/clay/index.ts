import { createHmac } from "node:crypto";
import { appUrl, env } from "@/server/env";
import { logger } from "@/server/logger";
import { createClayClient } from "./clay.client";
import { createSandboxClay } from "./clay.sandbox";
import type { ClayClient } from "./clay.types";

export * from "./clay.types";

/**
 * Documented development default for CLAY_CALLBACK_SECRET, used outside production when it is
 * unset (the sandbox signs its callbacks with it).
 */
export const DEV_CLAY_CALLBACK_SECRET = "dev-clay-callback-secret";

/**
 * The secret Clay's callbacks must carry. CLAY_CALLBACK_SECRET when set. Unset in production: with
 * live Clay (CLAY_WEBHOOK_URL) none, so callbacks are refused (Clay has to be given one); in sandbox
 * mode one derived from NEXTAUTH_SECRET — only this app's own sandbox calls back, every instance
 * derives the same value, and `npm start` on one machine works without configuring Clay at all.
 */
export function clayCallbackSecret(): string | null {
  const e = env();
  if (e.CLAY_CALLBACK_SECRET) return e.CLAY_CALLBACK_SECRET;
  if (e.NODE_ENV !== "production") return DEV_CLAY_CALLBACK_SECRET;
  return e.CLAY_WEBHOOK_URL ? null : createHmac("sha256", e.NEXTAUTH_SECRET).update("clay-sandbox-callback").digest("base64url");
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
    if (!secret) throw new Error("Clay sandbox has no callback secret");
    client = createSandboxClay({
      secret, delayMs: e.CLAY_SANDBOX_DELAY_MS, failureRate: e.CLAY_SANDBOX_FAILURE_RATE,
      onCallbackError: (err) => logger.warn({ err }, "sandbox Clay callback failed"),
    });
  }
  cached = { client, for: e };
  return client;
}
