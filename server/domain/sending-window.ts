import { TZDate } from "@date-fns/tz";

/**
 * Sending window: business hours in the recipient's time zone, on configured ISO weekdays
 * (1 = Monday ... 7 = Sunday). The recipient's zone comes from their location when known,
 * otherwise the window's own zone (settings.sendingWindow.timeZone).
 */
export interface SendingWindow {
  timeZone: string;
  startHour: number;
  endHour: number;
  days: number[];
}

function isoDay(d: TZDate): number {
  const day = d.getDay();
  return day === 0 ? 7 : day;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function inSendingWindow(now: Date, w: SendingWindow, recipientTimeZone?: string | null): boolean {
  const tz = recipientTimeZone && isValidTimeZone(recipientTimeZone) ? recipientTimeZone : w.timeZone;
  const local = new TZDate(now.getTime(), tz);
  const hour = local.getHours() + local.getMinutes() / 60;
  return w.days.includes(isoDay(local)) && hour >= w.startHour && hour < w.endHour;
}

/** The next moment the window opens (or `now` when open); scans hour by hour, at most 8 days. */
export function nextWindowOpening(now: Date, w: SendingWindow, recipientTimeZone?: string | null): Date | null {
  if (inSendingWindow(now, w, recipientTimeZone)) return now;
  const hour = 3_600_000;
  let t = Math.floor(now.getTime() / hour) * hour + hour;
  for (let i = 0; i < 24 * 8; i++, t += hour) {
    if (inSendingWindow(new Date(t), w, recipientTimeZone)) return new Date(t);
  }
  return null;
}

/** Time zones of US states (RB2B sends "State"); the first zone of states that span two. */
const US_STATE_TZ: Record<string, string> = {
  AL: "America/Chicago", AK: "America/Anchorage", AZ: "America/Phoenix", AR: "America/Chicago", CA: "America/Los_Angeles",
  CO: "America/Denver", CT: "America/New_York", DE: "America/New_York", DC: "America/New_York", FL: "America/New_York",
  GA: "America/New_York", HI: "Pacific/Honolulu", ID: "America/Boise", IL: "America/Chicago", IN: "America/Indiana/Indianapolis",
  IA: "America/Chicago", KS: "America/Chicago", KY: "America/New_York", LA: "America/Chicago", ME: "America/New_York",
  MD: "America/New_York", MA: "America/New_York", MI: "America/Detroit", MN: "America/Chicago", MS: "America/Chicago",
  MO: "America/Chicago", MT: "America/Denver", NE: "America/Chicago", NV: "America/Los_Angeles", NH: "America/New_York",
  NJ: "America/New_York", NM: "America/Denver", NY: "America/New_York", NC: "America/New_York", ND: "America/Chicago",
  OH: "America/New_York", OK: "America/Chicago", OR: "America/Los_Angeles", PA: "America/New_York", RI: "America/New_York",
  SC: "America/New_York", SD: "America/Chicago", TN: "America/Chicago", TX: "America/Chicago", UT: "America/Denver",
  VT: "America/New_York", VA: "America/New_York", WA: "America/Los_Angeles", WV: "America/New_York", WI: "America/Chicago",
  WY: "America/Denver",
};

export function timeZoneForUsState(state: string | null | undefined): string | null {
  if (!state) return null;
  return US_STATE_TZ[state.trim().toUpperCase()] ?? null;
}
