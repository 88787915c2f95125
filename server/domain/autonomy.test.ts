import { describe, expect, it } from "vitest";
import { AUTO_APPROVE_DAILY_CAP, autoApprovalRevoked, decideAutonomy, FULL_MEDIUM_DELAY_MS, type AutonomyInput, type Tier } from "./autonomy";
import type { Phase } from "./phases";

const OFF = { PAUSE_ALL_SENDS: false, SHADOW_MODE_OVERRIDE: false, REQUIRE_MANUAL_APPROVAL: false };
const tierOf = (score: number): Tier => (score >= 70 ? "HOT" : score >= 40 ? "MEDIUM" : "LOW");
const input = (phase: Phase, score: number, warm = false, extra: Partial<AutonomyInput> = {}): AutonomyInput => ({
  phase, score, tier: tierOf(score), warm, qualityOk: true, hasRecipient: true, killSwitches: { ...OFF }, autoApprovedToday: 0, ...extra,
});

describe("autonomy table (DESIGN.md §5)", () => {
  // phase, score, warm -> kind
  const table: [Phase, number, boolean, string][] = [
    ["parallel", 10, false, "REVIEW"],
    ["parallel", 55, false, "REVIEW"],
    ["parallel", 90, false, "REVIEW"],
    ["assisted", 10, false, "AUTO_SEND"],
    ["assisted", 39, false, "AUTO_SEND"],
    ["assisted", 39, true, "REVIEW"],
    ["assisted", 40, false, "REVIEW"],
    ["assisted", 80, false, "REVIEW"],
    ["expansion", 39, false, "AUTO_SEND"],
    ["expansion", 49, false, "AUTO_SEND"],
    ["expansion", 50, false, "REVIEW"],
    ["expansion", 45, true, "REVIEW"],
    ["expansion", 75, false, "REVIEW"],
    ["full", 5, false, "AUTO_SEND"],
    ["full", 39, false, "AUTO_SEND"],
    ["full", 40, false, "AUTO_SEND_DELAYED"],
    ["full", 69, false, "AUTO_SEND_DELAYED"],
    ["full", 55, true, "REVIEW"],
    ["full", 20, true, "REVIEW"],
    ["full", 70, false, "REVIEW"],
    ["full", 99, true, "REVIEW"],
  ];
  it.each(table)("%s, score %i, warm %s -> %s", (phase, score, warm, kind) => {
    expect(decideAutonomy(input(phase, score, warm)).kind).toBe(kind);
  });

  it("delays full-phase MEDIUM without warm by one hour", () => {
    expect(decideAutonomy(input("full", 50))).toMatchObject({ kind: "AUTO_SEND_DELAYED", delayMs: FULL_MEDIUM_DELAY_MS });
    expect(FULL_MEDIUM_DELAY_MS).toBe(3_600_000);
    expect(decideAutonomy(input("full", 50)).reason).toContain("after 1 h");
  });

  it("uses the configured delay (settings.fullMediumDelaySeconds) when one is given", () => {
    const d = decideAutonomy(input("full", 50, false, { fullMediumDelayMs: 5_000 }));
    expect(d).toMatchObject({ kind: "AUTO_SEND_DELAYED", delayMs: 5_000 });
    expect(d.reason).toContain("after 5 s");
    expect(decideAutonomy(input("full", 10, false, { fullMediumDelayMs: 5_000 })).kind).toBe("AUTO_SEND"); // LOW is not delayed
  });

  it("flags HOT reviews (the alert event) and only those", () => {
    expect(decideAutonomy(input("full", 85))).toMatchObject({ kind: "REVIEW", hot: true });
    expect(decideAutonomy(input("parallel", 50))).toMatchObject({ kind: "REVIEW", hot: false });
  });

  it.each([["assisted", 10], ["expansion", 25]] as const)("%s caps auto-approvals at %i per day", (phase, cap) => {
    expect(AUTO_APPROVE_DAILY_CAP[phase]).toBe(cap);
    expect(decideAutonomy(input(phase, 10, false, { autoApprovedToday: cap - 1 })).kind).toBe("AUTO_SEND");
    const over = decideAutonomy(input(phase, 10, false, { autoApprovedToday: cap }));
    expect(over.kind).toBe("REVIEW");
    expect(over.reason).toMatch(/cap/);
  });

  it("full has no separate auto-approve cap", () => {
    expect(decideAutonomy(input("full", 10, false, { autoApprovedToday: 500 })).kind).toBe("AUTO_SEND");
  });

  it.each(["PAUSE_ALL_SENDS", "REQUIRE_MANUAL_APPROVAL"] as const)("%s queues every would-be auto-send", (sw) => {
    for (const [phase, score] of [["assisted", 10], ["expansion", 45], ["full", 10], ["full", 50]] as const) {
      const d = decideAutonomy(input(phase, score, false, { killSwitches: { ...OFF, [sw]: true } }));
      expect(d.kind).toBe("REVIEW");
      expect(d.reason).toContain(sw);
    }
  });

  it("SHADOW_MODE_OVERRIDE leaves the decision alone (the send path records a shadow send)", () => {
    expect(decideAutonomy(input("assisted", 10, false, { killSwitches: { ...OFF, SHADOW_MODE_OVERRIDE: true } })).kind).toBe("AUTO_SEND");
  });

  it("drops with a reason when quality failed or there is no recipient, in every phase", () => {
    for (const phase of ["parallel", "assisted", "expansion", "full"] as const) {
      expect(decideAutonomy(input(phase, 10, false, { qualityOk: false }))).toEqual({ kind: "DROP", reason: "quality checks failed" });
      expect(decideAutonomy(input(phase, 90, false, { hasRecipient: false })).kind).toBe("DROP");
    }
  });
});

describe("autoApprovalRevoked (an automatic approval re-checked at the claim and at the end of its delay)", () => {
  const off = { REQUIRE_MANUAL_APPROVAL: false };
  it.each([
    // phase, score, tier, warm, REQUIRE_MANUAL_APPROVAL, revoked?
    ["assisted", 20, "LOW", false, false, null],
    ["assisted", 20, "LOW", false, true, "REQUIRE_MANUAL_APPROVAL"],
    ["parallel", 20, "LOW", false, false, "parallel phase"],
    ["assisted", 45, "MEDIUM", false, false, "assisted phase auto-approves only LOW"],
    ["expansion", 45, "MEDIUM", false, false, null],
    ["full", 60, "MEDIUM", false, false, null], // its delay already ran
    ["full", 20, "LOW", true, false, "warm connection"],
    ["full", 75, "HOT", false, false, "HOT lead"],
  ] as const)("%s, score %i %s, warm %s, manual %s -> %s", (phase, score, tier, warm, manual, expected) => {
    const r = autoApprovalRevoked({ phase, score, tier, warm, killSwitches: manual ? { REQUIRE_MANUAL_APPROVAL: true } : off });
    if (expected === null) expect(r).toBeNull();
    else expect(r).toContain(expected);
  });
});
