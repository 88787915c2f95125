import { retryAfterMs } from "@/server/integrations/http-status";
import { SlackError, type SlackClient, type SlackMessage } from "./slack.types";

export const SLACK_TIMEOUT_MS = 10_000;
/** When a 429 carries no usable Retry-After, wait this long (Slack's documented minimum is 1 s; be generous). */
export const DEFAULT_RETRY_AFTER_MS = 30_000;
/** A Retry-After beyond this is treated as this (a bad header must not silence alerts for days). */
const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3); milliseconds to wait, or the default. */
export function parseRetryAfter(value: string | null, now: Date): number {
  const ms = retryAfterMs(value, now.getTime());
  return ms === undefined ? DEFAULT_RETRY_AFTER_MS : Math.min(MAX_RETRY_AFTER_MS, Math.max(1000, ms));
}

/** Live Slack: POST {text, blocks} to the incoming webhook URL, 10 s timeout, 429 → RATE_LIMITED with Retry-After. */
export function createSlackClient(opts: { webhookUrl: string; timeoutMs?: number; fetch?: typeof fetch; now?: () => Date }): SlackClient {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? SLACK_TIMEOUT_MS;
  return {
    mode: "live",
    async post(message: SlackMessage) {
      let res: Response;
      try {
        res = await doFetch(opts.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const err = e as Error;
        if (err.name === "TimeoutError" || err.name === "AbortError") throw new SlackError("TIMEOUT", `Slack did not answer within ${timeoutMs} ms`);
        throw new SlackError("NETWORK", `Slack unreachable: ${err.message}`);
      }
      // Slack answers "ok" or a short error word ("invalid_payload", "no_service"); never echo it into logs beyond a few chars.
      const body = (await res.text().catch(() => "")).slice(0, 60);
      if (res.status === 429) {
        throw new SlackError("RATE_LIMITED", "Slack rate limit (429)", { status: 429, retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), (opts.now ?? (() => new Date()))()) });
      }
      if (!res.ok) throw new SlackError("HTTP", `Slack answered ${res.status}${body ? ` (${body.replace(/[^\w-]/g, "")})` : ""}`, { status: res.status });
    },
  };
}
