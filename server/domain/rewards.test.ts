import { describe, expect, it } from "vitest";
import { contextKey, personaOf, REWARD, seniorityFromBreakdown, summarise, type OutcomeRow } from "./rewards";

const reply = (c: string): OutcomeRow => ({ type: "REPLY", classification: c });
const ev = (t: string): OutcomeRow => ({ type: t, classification: null });

describe("rewards", () => {
  it("follow the order of DESIGN.md §7", () => {
    const order = ["MEETING", "POSITIVE", "NEUTRAL", "NONE", "NEGATIVE", "UNSUBSCRIBE", "COMPLAINT"] as const;
    for (let i = 1; i < order.length; i++) expect(REWARD[order[i - 1]]).toBeGreaterThan(REWARD[order[i]]);
    expect(REWARD.BOUNCE).toBe(REWARD.UNSUBSCRIBE);
  });
  it.each<[string, OutcomeRow[], { kind: string; replied: boolean; positive: boolean; negative: boolean }]>([
    ["nothing", [], { kind: "NONE", replied: false, positive: false, negative: false }],
    ["delivered and opened only", [ev("DELIVERED"), ev("OPENED")], { kind: "NONE", replied: false, positive: false, negative: false }],
    ["out-of-office is not a human reply", [reply("OUT_OF_OFFICE")], { kind: "NONE", replied: false, positive: false, negative: false }],
    ["neutral reply", [reply("NEUTRAL")], { kind: "NEUTRAL", replied: true, positive: false, negative: false }],
    ["positive reply", [reply("POSITIVE")], { kind: "POSITIVE", replied: true, positive: true, negative: false }],
    ["positive reply then meeting", [reply("POSITIVE"), ev("MEETING")], { kind: "MEETING", replied: true, positive: true, negative: false }],
    ["meeting without a reply counts as positive", [ev("MEETING")], { kind: "MEETING", replied: true, positive: true, negative: false }],
    ["negative reply", [reply("NEGATIVE")], { kind: "NEGATIVE", replied: true, positive: false, negative: true }],
    ["unsubscribe in a reply", [reply("UNSUBSCRIBE")], { kind: "UNSUBSCRIBE", replied: true, positive: false, negative: true }],
    ["provider unsubscribe", [ev("UNSUBSCRIBE")], { kind: "UNSUBSCRIBE", replied: false, positive: false, negative: true }],
    ["hard bounce", [ev("BOUNCE")], { kind: "BOUNCE", replied: false, positive: false, negative: true }],
    ["complaint outweighs a positive reply", [reply("POSITIVE"), ev("COMPLAINT")], { kind: "COMPLAINT", replied: true, positive: true, negative: true }],
    ["positive beats a later unsubscribe", [reply("POSITIVE"), ev("UNSUBSCRIBE")], { kind: "POSITIVE", replied: true, positive: true, negative: false }],
  ])("%s", (_name, outcomes, want) => {
    expect(summarise(outcomes)).toMatchObject(want);
  });
  it.each([
    ["C_LEVEL", "executive"], ["FOUNDER", "executive"], ["VP", "leader"], ["HEAD", "leader"], ["DIRECTOR", "leader"],
    ["MANAGER", "practitioner"], [null, "practitioner"], ["bogus", "practitioner"],
  ])("seniority %s is persona %s", (s, p) => {
    expect(personaOf(s)).toBe(p);
  });
  it("reads the seniority from a score breakdown and tolerates junk", () => {
    expect(seniorityFromBreakdown(JSON.stringify([{ signal: "page:pricing", points: 20 }, { signal: "seniority", points: 30, detail: "VP" }]))).toBe("VP");
    expect(seniorityFromBreakdown("[]")).toBeNull();
    expect(seniorityFromBreakdown("not json")).toBeNull();
    expect(contextKey("HOT", "leader")).toBe("HOT:leader");
  });
});
