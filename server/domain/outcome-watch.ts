/**
 * Outcome watching after a send (DESIGN.md §3 step 8): which outcomes end the 72 h wait, and which
 * stop further automated e-mail to the contact. Pure rules, table-tested in outcome-watch.test.ts.
 */
export const OUTCOME_WATCH_HOURS = 72;
export const OUTCOME_WATCH_MS = OUTCOME_WATCH_HOURS * 3_600_000;

/** The Outcome type recorded when a send drew no final outcome within the watch (for the learner). */
export const NO_REPLY = "NO_REPLY";

export interface OutcomeLike {
  type: string;
  classification: string | null;
}

/**
 * Final = tells the learner how this e-mail did. An out-of-office auto-reply is not a human answer
 * (the person may still reply when back), delivered/opened are steps on the way, and an
 * opportunity value change follows a meeting rather than answering the e-mail.
 */
export function isFinalOutcome(o: OutcomeLike): boolean {
  switch (o.type) {
    case "REPLY":
      return o.classification !== null && o.classification !== "OUT_OF_OFFICE";
    case "BOUNCE":
    case "COMPLAINT":
    case "UNSUBSCRIBE":
    case "MEETING":
      return true;
    default:
      return false;
  }
}

const REPLY_STOPS: Record<string, string> = {
  // A positive reply goes to a human; an automated follow-up would talk over them.
  POSITIVE: "the contact replied positively: a person follows up, not the sequence",
  // A human "no" must not receive an automated follow-up either.
  NEGATIVE: "the contact declined in a reply",
  UNSUBSCRIBE: "the contact asked to unsubscribe in a reply",
};
const EVENT_STOPS: Record<string, string> = {
  BOUNCE: "the address bounced (hard)",
  COMPLAINT: "the contact marked us as spam",
  UNSUBSCRIBE: "the contact unsubscribed",
  MEETING: "a meeting is booked",
};

/** Why open drafts to this contact must be dropped after this outcome, or null (keep them). */
export function followUpStopReason(o: OutcomeLike): string | null {
  if (o.type === "REPLY") return (o.classification && REPLY_STOPS[o.classification]) ?? null;
  return EVENT_STOPS[o.type] ?? null;
}

/** Short label of how a watch ended, e.g. "REPLY:POSITIVE", "MEETING", "NO_REPLY". */
export function watchResult(o: OutcomeLike | null): string {
  if (!o) return NO_REPLY;
  return o.classification ? `${o.type}:${o.classification}` : o.type;
}

/** When the watch of a send ends: 72 h after it went out. */
export function watchDeadline(sentAt: Date): Date {
  return new Date(sentAt.getTime() + OUTCOME_WATCH_MS);
}
