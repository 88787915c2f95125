/** Rollout phases in order (DESIGN.md §5). Moving up needs the gate; moving down is always allowed. */
export const PHASES = ["parallel", "assisted", "expansion", "full"] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABEL: Record<Phase, string> = {
  parallel: "Parallel (Phase 2)",
  assisted: "Assisted (Phase 3)",
  expansion: "Expansion (Phase 3.5)",
  full: "Full autonomy (Phase 4)",
};

/** Default daily send limit of each phase; always under the hard daily limit. */
export const PHASE_DAILY_LIMIT: Record<Phase, number> = { parallel: 25, assisted: 50, expansion: 75, full: 100 };

/** Hard limits: never exceeded, whatever the settings say (DESIGN.md §4). */
export const HARD_LIMITS = {
  monthly: 3000,
  daily: 150,
  hourly: 20,
  perDomainHourly: 5,
  minSecondsBetweenSends: 30,
} as const;

export const KILL_SWITCHES = ["PAUSE_ALL_SENDS", "SHADOW_MODE_OVERRIDE", "REQUIRE_MANUAL_APPROVAL"] as const;
export type KillSwitch = (typeof KILL_SWITCHES)[number];

export function phaseIndex(p: Phase): number {
  return PHASES.indexOf(p);
}
