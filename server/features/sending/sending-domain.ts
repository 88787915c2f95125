import { env } from "@/server/env";
import { domainOfEmail } from "@/server/domain/send-limits";

/** Name used for the sender when no GHL_EMAIL_FROM is configured (GHL's location default, or the sandbox). */
export const DEFAULT_SENDER = "default-sender";

/**
 * The domain our e-mails go out from (DESIGN.md §10 pauses sending per sending domain). One sender
 * address is configured at a time (GHL_EMAIL_FROM), so every send in a window went out from it.
 */
export function sendingDomain(): string {
  const from = env().GHL_EMAIL_FROM;
  return (from && domainOfEmail(from)) || DEFAULT_SENDER;
}
