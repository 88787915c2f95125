import { env } from "@/server/env";

/**
 * Documented development default for RB2B_WEBHOOK_TOKEN. Outside production an unset token falls
 * back to it, so the simulator and local curl work out of the box:
 *   POST /api/webhooks/rb2b?token=dev-rb2b-token
 * In production an unset token means the endpoint refuses every delivery (503), never "open".
 */
export const DEV_RB2B_TOKEN = "dev-rb2b-token";

export function expectedRb2bToken(): string | null {
  const e = env();
  if (e.RB2B_WEBHOOK_TOKEN) return e.RB2B_WEBHOOK_TOKEN;
  return e.NODE_ENV === "production" ? null : DEV_RB2B_TOKEN;
}
