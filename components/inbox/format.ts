/** "3 min", "5 h", "2 d": how long ago `iso` was, relative to `now`. */
export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} d`;
}

export const statusLabel = (s: string) => s.toLowerCase().replace(/_/g, " ");

export const REASON_LABEL: Record<string, string> = {
  WRONG_PERSON: "Wrong person",
  BAD_TIMING: "Bad timing",
  OFF_TONE: "Off tone",
  INACCURATE: "Inaccurate facts",
  COMPETITOR_OR_CUSTOMER: "Competitor or existing customer",
  OTHER: "Other",
};

export const RECOMMENDATION_LABEL: Record<string, string> = {
  AUTO_SEND: "Send",
  AUTO_SEND_DELAYED: "Send after a delay",
  REVIEW: "Needs a human decision",
  DROP: "Do not send",
};
