import { retryAfterMs } from "@/server/integrations/http-status";

/**
 * Time strings as the SDK writes them (`timeStr`: "1w2d3h4m5s", or an ISO date for sleepUntil),
 * and Inngest's retry schedule.
 */
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

/** Milliseconds in a duration string like "2h30m" or "1500ms"; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (!/^(\d+(\.\d+)?(ms|w|d|h|m|s))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return total;
}

/** When a Sleep op named `name` ends: a duration from `now`, or an absolute ISO time. */
export function sleepUntil(name: string, now: number): number | undefined {
  const d = parseDuration(name);
  if (d !== undefined) return now + d;
  const at = Date.parse(name);
  return Number.isNaN(at) ? undefined : at;
}

/** Inngest's retry table (pkg/backoff): the wait after the n-th failed attempt, before jitter. */
const BACKOFF_MS = [15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 1_200e3, 2_400e3, 3_600e3, 7_200e3];
const MAX_JITTER_MS = 30_000;

/**
 * Delay before retrying after failed attempt `attempt` (0-based). `scale` shrinks the schedule
 * (tests run it at 1/1000) without changing its shape; jitter spreads retries of many runs.
 */
export function backoffMs(attempt: number, scale = 1, random: () => number = Math.random): number {
  const base = BACKOFF_MS[Math.min(Math.max(attempt, 0), BACKOFF_MS.length - 1)];
  return Math.round((base + random() * MAX_JITTER_MS) * scale);
}

/** A Retry-After header: seconds, or an HTTP/ISO date. Returns the time to retry at, or undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const ms = retryAfterMs(value, now);
  return ms === undefined ? undefined : now + ms;
}
