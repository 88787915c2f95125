import { env } from "@/server/env";
import { DEV_GHL_WEBHOOK_SECRET } from "./outcomes.schemas";

/**
 * The shared secret GHL must send in the `x-ghl-webhook-secret` header (set it as a custom header
 * on the GHL workflow webhook action). Unset outside production: the documented development
 * default; unset in production: null, and the endpoint answers 503.
 */
export function ghlWebhookSecret(): string | null {
  const e = env();
  if (e.GHL_WEBHOOK_SECRET) return e.GHL_WEBHOOK_SECRET;
  return e.NODE_ENV === "production" ? null : DEV_GHL_WEBHOOK_SECRET;
}
