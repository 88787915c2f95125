import { describe, expect, it } from "vitest";
import { checkTransition, gateCriteria, type GateSnapshot } from "./gates";

const good: GateSnapshot = {
  systemHealthy: true, enrichmentRate: 0.4, emailQuality: 4, replyRate: 0.09, replyRateSustained: 0.085, sendErrors48h: 0,
  overrideRate: 0.05, domainHealth: 90, domainHealthMin14d: 80, domainHealthAtPhaseStart: 85, daysSinceAssistedBegan: 30,
  daysStableInPhase: 20, pipelineGrowth: 0.25,
};
const allTicked = { "sample-emails-signed-off": true, "explicit-sign-off": true };
const failing = (to: "assisted" | "expansion" | "full", s: Partial<GateSnapshot>, items = allTicked) =>
  gateCriteria(to, { ...good, ...s }, items).filter((c) => !c.pass).map((c) => c.key);

describe("gate criteria", () => {
  it.each(["assisted", "expansion", "full"] as const)("all pass on a good snapshot into %s", (to) => {
    expect(failing(to, {})).toEqual([]);
  });

  it.each([
    ["assisted", { systemHealthy: false }, ["healthy"]],
    ["assisted", { enrichmentRate: 0.29 }, ["enrichment"]],
    ["assisted", { enrichmentRate: 0.3 }, []],
    ["assisted", { emailQuality: null }, ["quality"]],
    ["assisted", { replyRate: 0.069 }, ["reply"]],
    ["assisted", { sendErrors48h: 1 }, ["send-errors"]],
    ["expansion", { daysStableInPhase: 13.9 }, ["stable"]],
    ["expansion", { overrideRate: 0.15 }, ["override"]],
    ["expansion", { overrideRate: null }, ["override"]],
    ["expansion", { replyRate: 0.074 }, ["reply"]],
    ["expansion", { domainHealth: 84 }, ["domain-health"]],
    ["full", { daysSinceAssistedBegan: null }, ["since-assisted"]],
    ["full", { overrideRate: 0.1 }, ["override"]],
    ["full", { replyRateSustained: 0.079 }, ["reply-sustained"]],
    ["full", { domainHealthMin14d: 75 }, ["domain-health"]],
    ["full", { pipelineGrowth: 0.19 }, ["pipeline"]],
  ] as const)("into %s with %j fails %j", (to, s, keys) => {
    expect(failing(to, s)).toEqual(keys);
  });

  it("manual items must be ticked", () => {
    expect(failing("assisted", {}, {} as typeof allTicked)).toEqual(["sample-emails-signed-off"]);
    expect(failing("full", {}, { "sample-emails-signed-off": true } as typeof allTicked)).toEqual(["explicit-sign-off"]);
  });
});

describe("checkTransition", () => {
  const pass = gateCriteria("assisted", good, allTicked);
  const fail = gateCriteria("assisted", { ...good, replyRate: 0.01 }, allTicked);
  it.each([
    ["parallel", "assisted", pass, true, true],
    ["parallel", "assisted", pass, false, false],
    ["parallel", "assisted", fail, true, false],
    ["parallel", "expansion", pass, true, false],
    ["full", "parallel", fail, false, true],
    ["expansion", "assisted", fail, false, true],
    ["assisted", "assisted", pass, true, false],
  ] as const)("%s -> %s (signed off %s...) allowed", (from, to, criteria, signed, allowed) => {
    expect(checkTransition(from, to, [...criteria], signed).allowed).toBe(allowed);
  });
});
