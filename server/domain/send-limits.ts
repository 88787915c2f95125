import { HARD_LIMITS } from "./phases";

/**
 * Send-limit counters (DESIGN.md §4). Windows are FIXED calendar windows in UTC, chosen on purpose:
 * - a fixed window maps to one counter row that a single conditional UPDATE can check-and-bump
 *   atomically; a rolling window would need a scan of recent sends inside the claim transaction;
 * - the edge case of fixed windows (a burst at the end of one hour and the start of the next) is
 *   bounded by the 30 s minimum gap, which caps any 60-minute span at 120 sends before the hourly
 *   counter, and in practice at 2 x 20 around an hour boundary;
 * - UTC keeps "day" and "month" the same for every worker and every recipient.
 * The minimum gap between sends is the one rolling rule: a single "last send" row moves forward
 * only if the new send is at least 30 s after it, so every pair of sends is >= 30 s apart.
 */
export interface LimitSpec {
  key: string;
  limit: number;
  /** Start of the counter's window (stored for readability and clean-up). */
  windowStart: Date;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, "0");
export const monthKey = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
export const dayKey = (d: Date) => `${monthKey(d)}-${pad(d.getUTCDate())}`;
export const hourKey = (d: Date) => `${dayKey(d)}T${pad(d.getUTCHours())}`;

const startOfHour = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()));
const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const startOfMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));

export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, "");
}

export function domainOfEmail(email: string): string | null {
  const at = email.lastIndexOf("@");
  if (at < 1 || at === email.length - 1) return null;
  return normaliseDomain(email.slice(at + 1));
}

/**
 * The counters one send bumps, in the order the claim transaction applies them. The daily counter
 * carries min(hard daily, phase daily): the phase limit sits under the hard one on the same row.
 */
export function sendLimitSpecs(now: Date, recipientDomain: string, phaseDailyLimit: number): LimitSpec[] {
  const domain = normaliseDomain(recipientDomain);
  return [
    { key: `send:month:${monthKey(now)}`, limit: HARD_LIMITS.monthly, windowStart: startOfMonth(now), label: "monthly" },
    { key: `send:day:${dayKey(now)}`, limit: Math.min(HARD_LIMITS.daily, phaseDailyLimit), windowStart: startOfDay(now), label: phaseDailyLimit < HARD_LIMITS.daily ? "phase daily" : "daily" },
    { key: `send:hour:${hourKey(now)}`, limit: HARD_LIMITS.hourly, windowStart: startOfHour(now), label: "hourly" },
    { key: `send:domain:${domain}:${hourKey(now)}`, limit: HARD_LIMITS.perDomainHourly, windowStart: startOfHour(now), label: "per-domain hourly" },
  ];
}

export const GAP_KEY = "send:last";
export const AUTO_APPROVE_KEY = (now: Date) => `autoapprove:${dayKey(now)}`;

/** When a blocked send may be tried again (the start of the next window of the limit that blocked it). */
export function retryAfterLimit(label: string, now: Date): Date {
  switch (label) {
    case "monthly":
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    case "daily":
    case "phase daily":
      return new Date(startOfDay(now).getTime() + 86_400_000);
    case "gap":
      return new Date(now.getTime() + HARD_LIMITS.minSecondsBetweenSends * 1000);
    default:
      return new Date(startOfHour(now).getTime() + 3_600_000);
  }
}
