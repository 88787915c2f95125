/**
 * Draft lifecycle. Terminal states stay terminal: nothing moves a SENT, REJECTED or DROPPED draft.
 * (The system this replaces re-queued sent e-mails and brought rejected drafts back.)
 */
export const DRAFT_STATUSES = [
  "DRAFTED", "PENDING_REVIEW", "SNOOZED", "APPROVED", "SENDING", "SENT", "REJECTED", "DROPPED", "FAILED",
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const TERMINAL: ReadonlySet<DraftStatus> = new Set(["SENT", "REJECTED", "DROPPED"]);

/** A draft still on its way to being sent: to be reviewed, snoozed, approved or being sent. */
export const LIVE: readonly DraftStatus[] = ["DRAFTED", "PENDING_REVIEW", "SNOOZED", "APPROVED", "SENDING"];

const NEXT: Record<DraftStatus, readonly DraftStatus[]> = {
  DRAFTED: ["PENDING_REVIEW", "APPROVED", "DROPPED"],
  PENDING_REVIEW: ["APPROVED", "REJECTED", "SNOOZED", "DROPPED"],
  SNOOZED: ["PENDING_REVIEW", "APPROVED", "REJECTED", "DROPPED"],
  APPROVED: ["SENDING", "PENDING_REVIEW", "DROPPED"],
  // SENDING -> APPROVED: the send claim was released before any provider call (breaker open,
  // 429, connection refused), so a retry is safe.
  SENDING: ["SENT", "FAILED", "PENDING_REVIEW", "APPROVED"],
  FAILED: ["PENDING_REVIEW", "DROPPED"],
  SENT: [],
  REJECTED: [],
  DROPPED: [],
};

export function canTransition(from: DraftStatus, to: DraftStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses a transition to `to` may start from (for atomic `UPDATE ... WHERE status IN (...)`). */
export function sourcesOf(to: DraftStatus): DraftStatus[] {
  return DRAFT_STATUSES.filter((s) => NEXT[s].includes(to));
}

export function isDraftStatus(v: unknown): v is DraftStatus {
  return typeof v === "string" && (DRAFT_STATUSES as readonly string[]).includes(v);
}
