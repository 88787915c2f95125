/**
 * Send-time optimisation (DESIGN.md §7): reply rates per hour-of-week bucket (0 = Monday 00:00 …
 * 167 = Sunday 23:00, in the recipient's or the window's time zone) per persona. Replies, not
 * positives, are the signal: the time of day changes whether a mail is read, much less what the
 * reader thinks of it, and replies are ten times as frequent. Each bucket's rate shrinks towards
 * the persona's overall rate (Beta prior of strength PRIOR_STRENGTH), so a bucket with three sends
 * cannot win on luck.
 */
import { TZDate } from "@date-fns/tz";
import { betaInterval } from "./intervals";
import { inSendingWindow, isValidTimeZone, nextWindowOpening, type SendingWindow } from "./sending-window";

export const SEND_TIME_RULE = {
  priorStrength: 20,
  /** Evidence needed for the persona before any send is moved. */
  minSends: 60,
  /** A later slot must beat the first possible one by this relative margin. */
  minLift: 0.15,
} as const;

export function hourOfWeek(at: Date, timeZone: string): number {
  const local = new TZDate(at.getTime(), isValidTimeZone(timeZone) ? timeZone : "UTC");
  const iso = local.getDay() === 0 ? 7 : local.getDay();
  return (iso - 1) * 24 + local.getHours();
}

export const bucketLabel = (b: number) => `${["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][Math.floor(b / 24)]} ${String(b % 24).padStart(2, "0")}:00`;

export interface BucketCounts {
  sends: number;
  replies: number;
}

export interface BucketBelief extends BucketCounts {
  bucket: number;
  mean: number;
  lo: number;
  hi: number;
}

/** Posterior reply rate of every bucket that has sends, shrunk towards the persona's rate. */
export function bucketBeliefs(counts: Map<number, BucketCounts>, withIntervals = true): { overall: number; sends: number; buckets: BucketBelief[] } {
  let sends = 0, replies = 0;
  for (const c of counts.values()) { sends += c.sends; replies += c.replies; }
  const overall = (replies + 1) / (sends + 10);
  const k = SEND_TIME_RULE.priorStrength;
  const buckets = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([bucket, c]) => {
    const a = k * overall + c.replies, b = k * (1 - overall) + Math.max(0, c.sends - c.replies);
    const i = withIntervals ? betaInterval(a, b) : { mean: a / (a + b), lo: NaN, hi: NaN };
    return { bucket, ...c, mean: i.mean, lo: i.lo, hi: i.hi };
  });
  return { overall, sends, buckets };
}

export type SendTimePick = { at: Date; moved: boolean; reason: string };

/**
 * When to send an auto-send that could go at `now`: the hour slot inside the sending window
 * within `maxDelayHours` with the best expected reply rate, if it beats the first possible slot
 * by the margin; otherwise the first possible slot (now, or when the window opens).
 */
export function pickSendTime(now: Date, window: SendingWindow, timeZone: string | null, counts: Map<number, BucketCounts>, maxDelayHours: number): SendTimePick {
  const tz = timeZone && isValidTimeZone(timeZone) ? timeZone : window.timeZone;
  const first = nextWindowOpening(now, window, tz) ?? now;
  const beliefs = bucketBeliefs(counts, false);
  if (beliefs.sends < SEND_TIME_RULE.minSends) return { at: first, moved: false, reason: `not enough evidence yet (${beliefs.sends} of ${SEND_TIME_RULE.minSends} sends for this persona)` };
  const rate = new Map(beliefs.buckets.map((b) => [b.bucket, b.mean]));
  const expected = (at: Date) => rate.get(hourOfWeek(at, tz)) ?? beliefs.overall;
  const H = 3_600_000;
  let best = { at: first, rate: expected(first) };
  const base = best.rate;
  for (let t = Math.floor(first.getTime() / H) * H + H; t <= now.getTime() + maxDelayHours * H; t += H) {
    const at = new Date(t);
    if (!inSendingWindow(at, window, tz)) continue;
    const r = expected(at);
    if (r > best.rate) best = { at, rate: r };
  }
  if (best.at === first || best.rate < base * (1 + SEND_TIME_RULE.minLift)) {
    return { at: first, moved: false, reason: `no slot within ${maxDelayHours} h beats the first by ${Math.round(100 * SEND_TIME_RULE.minLift)} %` };
  }
  return {
    at: best.at, moved: true,
    reason: `${bucketLabel(hourOfWeek(best.at, tz))} expects ${(100 * best.rate).toFixed(1)} % replies vs ${(100 * base).toFixed(1)} % at ${bucketLabel(hourOfWeek(first, tz))}`,
  };
}
