import { sendSent } from "@/inngest/events";
import { dbReady, getDb } from "@/server/db/client";
import type { SendResult } from "@/server/features/sending/sending.service";

/** The process-wide database, ready (steps fetch it, never hold it across steps). */
export async function sendingDb() {
  await dbReady();
  return getDb();
}

/** Step results travel as JSON: dates come back as strings. */
export type SendStepResult = Omit<SendResult, "retryAt"> & { retryAt?: string | Date | null };

export const MAX_SEND_ATTEMPTS = 8;
/** The longest a function sleeps for one retry (a closed window over a weekend is ~2.5 days). */
export const MAX_WAIT_MS = 3 * 86_400_000;

/** When a DEFERRED send should be tried again, or null to stop (the stuck-approved sweep takes over). */
export function nextAttemptAt(r: SendStepResult, now = Date.now()): Date | null {
  if (r.kind !== "DEFERRED" || !r.retryAt) return null;
  const at = new Date(r.retryAt);
  if (Number.isNaN(at.getTime()) || at.getTime() - now > MAX_WAIT_MS) return null;
  return at.getTime() <= now ? new Date(now + 1_000) : at;
}

/** The send/sent event for a send that actually went out (not shadow), or null. */
export function sentEvent(r: SendStepResult | null, draftId: string) {
  if (!r || r.kind !== "SENT") return null;
  const sent = r as Extract<SendResult, { kind: "SENT" }>;
  if (sent.mode === "SHADOW") return null;
  return sendSent.create({ sendId: sent.sendId, draftId }, { id: `sent-${sent.sendId}` });
}
