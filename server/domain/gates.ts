import { PHASES, phaseIndex, type Phase } from "./phases";
import { percent } from "./text";

/** What the gates look at, computed live from the metrics (null = no data yet). */
export interface GateSnapshot {
  systemHealthy: boolean;
  enrichmentRate: number | null;
  emailQuality: number | null;
  replyRate: number | null;
  /** Lowest weekly reply rate over the last two weeks ("sustained"). */
  replyRateSustained: number | null;
  sendErrors48h: number;
  overrideRate: number | null;
  domainHealth: number | null;
  /** Lowest daily domain health over the last 14 days. */
  domainHealthMin14d: number | null;
  /** Domain health at the time the current phase began (degradation is measured against it). */
  domainHealthAtPhaseStart: number | null;
  /** Days since the system last entered "assisted" and stayed at or above it; null if never. */
  daysSinceAssistedBegan: number | null;
  /** Days in the current phase without moving down. */
  daysStableInPhase: number;
  /** Pipeline value over the last 30 days relative to the 30 days before assisted began (0.2 = +20 %). */
  pipelineGrowth: number | null;
}

export type ManualItems = Record<string, boolean>;

export interface Criterion {
  key: string;
  label: string;
  kind: "metric" | "manual";
  value: string;
  required: string;
  pass: boolean;
}

const pct = (v: number | null) => (v === null ? "no data" : percent(v));
const num = (v: number | null, digits = 1) => (v === null ? "no data" : v.toFixed(digits));

function metric(key: string, label: string, value: string, required: string, pass: boolean): Criterion {
  return { key, label, kind: "metric", value, required, pass };
}
function manual(key: string, label: string, items: ManualItems): Criterion {
  const pass = items[key] === true;
  return { key, label, kind: "manual", value: pass ? "ticked" : "not ticked", required: "ticked by an approver", pass };
}
const atLeast = (v: number | null, min: number) => v !== null && v >= min;
const below = (v: number | null, max: number) => v !== null && v < max;

/** The gate into each phase above "parallel" (DESIGN.md §5). */
export const GATE_MANUAL_ITEMS: Record<Exclude<Phase, "parallel">, { key: string; label: string }[]> = {
  assisted: [{ key: "sample-emails-signed-off", label: "Dani signed off a sample of emails" }],
  expansion: [],
  full: [{ key: "explicit-sign-off", label: "Dani's explicit sign-off for full autonomy" }],
};

export function gateCriteria(to: Exclude<Phase, "parallel">, s: GateSnapshot, items: ManualItems): Criterion[] {
  switch (to) {
    case "assisted":
      return [
        metric("healthy", "System healthy (health endpoints green)", s.systemHealthy ? "green" : "degraded", "green", s.systemHealthy),
        metric("enrichment", "Enrichment rate", pct(s.enrichmentRate), "≥ 30 %", atLeast(s.enrichmentRate, 0.3)),
        metric("quality", "Email quality score", num(s.emailQuality), "≥ 3.5 / 5", atLeast(s.emailQuality, 3.5)),
        metric("reply", "Reply rate", pct(s.replyRate), "≥ 7 %", atLeast(s.replyRate, 0.07)),
        metric("send-errors", "Send errors in the last 48 h", String(s.sendErrors48h), "0", s.sendErrors48h === 0),
        ...GATE_MANUAL_ITEMS.assisted.map((m) => manual(m.key, m.label, items)),
      ];
    case "expansion":
      return [
        metric("stable", "Stable in assisted", `${s.daysStableInPhase.toFixed(0)} days`, "≥ 14 days", s.daysStableInPhase >= 14),
        metric("override", "Approval override rate", pct(s.overrideRate), "< 15 %", below(s.overrideRate, 0.15)),
        metric("reply", "Reply rate", pct(s.replyRate), "≥ 7.5 %", atLeast(s.replyRate, 0.075)),
        metric(
          "domain-health", "No domain-health degradation", num(s.domainHealth, 0),
          `≥ ${num(s.domainHealthAtPhaseStart, 0)} (at phase start)`,
          s.domainHealth !== null && s.domainHealthAtPhaseStart !== null && s.domainHealth >= s.domainHealthAtPhaseStart,
        ),
      ];
    case "full":
      return [
        metric("since-assisted", "Since assisted began", s.daysSinceAssistedBegan === null ? "never" : `${s.daysSinceAssistedBegan.toFixed(0)} days`, "≥ 14 days", atLeast(s.daysSinceAssistedBegan, 14)),
        metric("override", "Approval override rate", pct(s.overrideRate), "< 10 %", below(s.overrideRate, 0.1)),
        metric("reply-sustained", "Reply rate, sustained (lowest week of two)", pct(s.replyRateSustained), "≥ 8 %", atLeast(s.replyRateSustained, 0.08)),
        metric("domain-health", "Domain health, lowest day in 14", num(s.domainHealthMin14d, 0), "> 75", s.domainHealthMin14d !== null && s.domainHealthMin14d > 75),
        metric("pipeline", "Pipeline value growth", pct(s.pipelineGrowth), "≥ +20 %", atLeast(s.pipelineGrowth, 0.2)),
        ...GATE_MANUAL_ITEMS.full.map((m) => manual(m.key, m.label, items)),
      ];
  }
}

export type TransitionVerdict = { allowed: true; direction: "UP" | "DOWN" } | { allowed: false; reason: string };

/**
 * Moving down is always allowed and immediate. Moving up goes one phase at a time, needs every
 * criterion of the target's gate to pass, and a recorded sign-off.
 */
export function checkTransition(from: Phase, to: Phase, criteria: Criterion[], signedOff: boolean): TransitionVerdict {
  const d = phaseIndex(to) - phaseIndex(from);
  if (d === 0) return { allowed: false, reason: `Already in ${to}.` };
  if (d < 0) return { allowed: true, direction: "DOWN" };
  if (d > 1) return { allowed: false, reason: `Move up one phase at a time: next is ${PHASES[phaseIndex(from) + 1]}.` };
  const failing = criteria.filter((c) => !c.pass);
  if (failing.length) return { allowed: false, reason: `Criteria not met: ${failing.map((c) => c.label).join("; ")}.` };
  if (!signedOff) return { allowed: false, reason: "Moving up needs an approver's sign-off." };
  return { allowed: true, direction: "UP" };
}
