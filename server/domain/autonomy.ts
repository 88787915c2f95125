import type { KillSwitch, Phase } from "./phases";

/**
 * Autonomy by phase (DESIGN.md §5): what happens to a checked draft. Pure; the decide-draft
 * function supplies the counts (auto-approvals already granted today) and the switches.
 *
 * Interpretation of the phase table, written down once:
 * - "LOW" means score < 40 AND no warm connection (the table's own definition in "assisted"); a
 *   warm lead always gets a human look, in every phase.
 * - expansion auto-approves score < 50 without a warm connection.
 * - full auto-sends LOW at once and MEDIUM (40–69) without warm connection after a delay (1 h
 *   by default, settings.fullMediumDelaySeconds)
 *   (time for a human to step in); MEDIUM with warm and HOT (>= 70) go to review. Full has no
 *   separate auto-approve cap: the phase daily send limit (enforced at send time) bounds it.
 * - PAUSE_ALL_SENDS and REQUIRE_MANUAL_APPROVAL turn every would-be auto-send into REVIEW, so no
 *   draft is lost while sending is stopped; the send path blocks PAUSE_ALL_SENDS again at send time.
 * - SHADOW_MODE_OVERRIDE does not change the decision: everything runs and the send path records
 *   the send as shadow.
 */
export const HOT_MIN = 70;
export const MEDIUM_MIN = 40;
export const EXPANSION_AUTO_MAX = 50;
/** Default delay before a full-phase MEDIUM auto-send (settings.fullMediumDelaySeconds overrides it). */
export const FULL_MEDIUM_DELAY_MS = 60 * 60 * 1000;

/** Auto-approvals per day; null = no separate cap (the phase send limit applies). */
export const AUTO_APPROVE_DAILY_CAP: Record<Phase, number | null> = { parallel: 0, assisted: 10, expansion: 25, full: null };

export type Tier = "LOW" | "MEDIUM" | "HOT";

export interface AutonomyInput {
  phase: Phase;
  score: number;
  tier: Tier;
  warm: boolean;
  /** All quality checks passed (a check that threw counts as failed). */
  qualityOk: boolean;
  /** The recipient is reachable (has an e-mail address, not erased). */
  hasRecipient: boolean;
  killSwitches: Record<KillSwitch, boolean>;
  /** Auto-approvals already granted today in this phase (before this draft). */
  autoApprovedToday: number;
  /** Delay before a full-phase MEDIUM auto-send (default FULL_MEDIUM_DELAY_MS, 1 h). */
  fullMediumDelayMs?: number;
}

export type AutonomyDecision =
  | { kind: "AUTO_SEND"; reason: string }
  | { kind: "AUTO_SEND_DELAYED"; delayMs: number; reason: string }
  | { kind: "REVIEW"; reason: string; hot: boolean }
  | { kind: "DROP"; reason: string };

type Eligibility = { auto: "NOW" } | { auto: "DELAYED"; delayMs: number } | { auto: "NO"; reason: string };

/** What the phase table alone allows for this lead (before caps and switches). */
export function eligibility(i: Pick<AutonomyInput, "phase" | "score" | "tier" | "warm" | "fullMediumDelayMs">): Eligibility {
  if (i.tier === "HOT" || i.score >= HOT_MIN) return { auto: "NO", reason: "HOT lead (score >= 70): a human reviews it" };
  if (i.warm) return { auto: "NO", reason: "warm connection: a human reviews it" };
  switch (i.phase) {
    case "parallel":
      return { auto: "NO", reason: "parallel phase: every send is human-approved" };
    case "assisted":
      return i.score < MEDIUM_MIN ? { auto: "NOW" } : { auto: "NO", reason: "assisted phase auto-approves only LOW (score < 40)" };
    case "expansion":
      return i.score < EXPANSION_AUTO_MAX ? { auto: "NOW" } : { auto: "NO", reason: "expansion phase auto-approves only score < 50" };
    case "full":
      return i.score < MEDIUM_MIN ? { auto: "NOW" } : { auto: "DELAYED", delayMs: i.fullMediumDelayMs ?? FULL_MEDIUM_DELAY_MS };
  }
}

function describeDelay(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

export function decideAutonomy(i: AutonomyInput): AutonomyDecision {
  if (!i.hasRecipient) return { kind: "DROP", reason: "no deliverable recipient address" };
  if (!i.qualityOk) return { kind: "DROP", reason: "quality checks failed" };
  const hot = i.tier === "HOT" || i.score >= HOT_MIN;
  const e = eligibility(i);
  if (e.auto === "NO") return { kind: "REVIEW", reason: e.reason, hot };
  const wouldBe = e.auto === "NOW" ? "auto-send" : "delayed auto-send";
  if (i.killSwitches.PAUSE_ALL_SENDS) return { kind: "REVIEW", reason: `would ${wouldBe}, but PAUSE_ALL_SENDS is on`, hot };
  if (i.killSwitches.REQUIRE_MANUAL_APPROVAL) return { kind: "REVIEW", reason: `would ${wouldBe}, but REQUIRE_MANUAL_APPROVAL is on`, hot };
  const cap = AUTO_APPROVE_DAILY_CAP[i.phase];
  if (cap !== null && i.autoApprovedToday >= cap) {
    return { kind: "REVIEW", reason: `would ${wouldBe}, but today's auto-approve cap (${cap}) is used up`, hot };
  }
  if (e.auto === "DELAYED") {
    return { kind: "AUTO_SEND_DELAYED", delayMs: e.delayMs, reason: `full phase: MEDIUM without warm connection, sent after ${describeDelay(e.delayMs)} unless a human steps in` };
  }
  return { kind: "AUTO_SEND", reason: `${i.phase} phase auto-approves this lead (score ${i.score}, no warm connection)` };
}

/** True when the decision takes one of the day's auto-approve slots. */
export function usesAutoApproveSlot(d: AutonomyDecision): boolean {
  return d.kind === "AUTO_SEND" || d.kind === "AUTO_SEND_DELAYED";
}

/**
 * Whether an automatic approval still stands when its send is claimed or its delay ends: the policy
 * may have tightened since (REQUIRE_MANUAL_APPROVAL turned on, or the phase moved down), and a
 * draft waiting for the window, a limit or its delay must not go out under the policy it was
 * approved by. null when it stands; otherwise why a person has to decide.
 */
export function autoApprovalRevoked(i: Pick<AutonomyInput, "phase" | "score" | "tier" | "warm"> & { killSwitches: Pick<Record<KillSwitch, boolean>, "REQUIRE_MANUAL_APPROVAL"> }): string | null {
  if (i.killSwitches.REQUIRE_MANUAL_APPROVAL) return "approved automatically, but REQUIRE_MANUAL_APPROVAL is on now: a person decides";
  const e = eligibility(i);
  return e.auto === "NO" ? `approved automatically, but no longer allowed to be (${e.reason}): a person decides` : null;
}
