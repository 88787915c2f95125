import { describe, expect, it } from "vitest";
import { checkEvidence, checkPermission, staticChecks, tallyQuorum, type GuardRequest } from "./guardrail";
import { ACTIONS, AGENTS, MATRIX, type Action } from "./guardrail-matrix";

const NOW = new Date("2026-11-24T12:00:00Z");
const OFF = { PAUSE_ALL_SENDS: false, SHADOW_MODE_OVERRIDE: false, REQUIRE_MANUAL_APPROVAL: false };
const ev = (minutesAgo: number, source = "database") => ({ source, dataId: "d1", verifiedAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString() });
const send = (extra: Partial<GuardRequest> = {}): GuardRequest => ({
  agent: "OPERATOR", action: "email.send", subjectType: "draft", subjectId: "d1", input: { draftId: "d1" },
  evidence: [ev(5)], approval: { kind: "GATEKEEPER_RELEASE", by: "GATEKEEPER", subjectId: "d1" }, ...extra,
});
const failing = (r: ReturnType<typeof staticChecks>) => r.find((c) => !c.ok);

describe("permission matrix", () => {
  it("has the 13 agents", () => {
    expect(AGENTS).toHaveLength(13);
    expect(Object.keys(MATRIX).sort()).toEqual([...AGENTS].sort());
  });

  it("CRAFTER may never send or release", () => {
    for (const a of ["email.send", "send.release", "emails.bulkSend"] as Action[]) expect(checkPermission("CRAFTER", a).ok).toBe(false);
    expect(failing(staticChecks(send({ agent: "CRAFTER" }), NOW, OFF))?.check).toBe("permission");
  });

  it("GATEKEEPER is the only agent that may release a send; OPERATOR performs sends", () => {
    expect(AGENTS.filter((a) => checkPermission(a, "send.release").ok)).toEqual(["GATEKEEPER"]);
    expect(AGENTS.filter((a) => checkPermission(a, "email.send").ok)).toEqual(["OPERATOR"]);
  });

  it("bulk and delete actions are CRITICAL; bulk delete, bulk send and export-all are blocked for every agent", () => {
    for (const [name, spec] of Object.entries(ACTIONS)) if (/bulk|delete/i.test(name)) expect(spec.risk).toBe("CRITICAL");
    for (const a of AGENTS) {
      expect(checkPermission(a, "contacts.bulkDelete").ok).toBe(false);
      expect(checkPermission(a, "contacts.exportAll").ok).toBe(false);
      expect(checkPermission(a, "emails.bulkSend").ok).toBe(false);
    }
    expect(checkPermission("QUEEN", "contacts.exportAll").detail).toMatch(/always blocked/);
  });

  it("unknown agents and actions are denied", () => {
    expect(checkPermission("MALLORY", "email.send").ok).toBe(false);
    expect(checkPermission("OPERATOR", "email.teleport").ok).toBe(false);
  });
});

describe("static checks in order", () => {
  it("allows a released, grounded send", () => {
    expect(staticChecks(send(), NOW, OFF).every((c) => c.ok)).toBe(true);
  });

  it("a send without a GATEKEEPER release (or a release of another draft) is denied", () => {
    expect(failing(staticChecks(send({ approval: undefined }), NOW, OFF))?.check).toBe("approval");
    expect(failing(staticChecks(send({ approval: { kind: "GATEKEEPER_RELEASE", by: "CRAFTER", subjectId: "d1" } }), NOW, OFF))?.check).toBe("approval");
    expect(failing(staticChecks(send({ approval: { kind: "GATEKEEPER_RELEASE", by: "GATEKEEPER", subjectId: "d2" } }), NOW, OFF))?.check).toBe("approval");
  });

  it("rejects invalid input", () => {
    expect(failing(staticChecks(send({ input: { draftId: "" } }), NOW, OFF))?.check).toBe("input");
  });

  const evidenceCases: [string, unknown[] | undefined, boolean][] = [
    ["none", undefined, false],
    ["empty", [], false],
    ["fresh", [ev(0)], true],
    ["59 min", [ev(59)], true],
    ["60 min", [ev(60)], true],
    ["61 min", [ev(61)], false],
    ["one of two stale", [ev(1), ev(90)], false],
    ["unknown source", [ev(1, "gut_feeling")], false],
    ["future", [ev(-30)], false],
    ["not an object", ["trust me"], false],
  ];
  it.each(evidenceCases)("HIGH action with evidence %s -> allowed %s", (_n, evidence, ok) => {
    expect(checkEvidence("HIGH", evidence, NOW).ok).toBe(ok);
    const r = failing(staticChecks(send({ evidence }), NOW, OFF));
    expect(r?.check === "evidence").toBe(!ok);
  });

  it("LOW actions need no evidence", () => {
    expect(staticChecks({ agent: "SEGMENTOR", action: "visitor.score", input: { visitorId: "v" } }, NOW, OFF).every((c) => c.ok)).toBe(true);
  });

  it("PAUSE_ALL_SENDS blocks sends and releases; REQUIRE_MANUAL_APPROVAL blocks automatic releases only", () => {
    expect(failing(staticChecks(send(), NOW, { ...OFF, PAUSE_ALL_SENDS: true }))?.detail).toMatch(/PAUSE_ALL_SENDS/);
    const release = (approval?: GuardRequest["approval"]): GuardRequest => ({
      agent: "GATEKEEPER", action: "send.release", subjectType: "draft", subjectId: "d1", input: { draftId: "d1" }, evidence: [ev(1)], approval,
    });
    expect(failing(staticChecks(release(), NOW, { ...OFF, REQUIRE_MANUAL_APPROVAL: true }))?.check).toBe("killSwitch");
    expect(staticChecks(release({ kind: "HUMAN", userId: "u1" }), NOW, { ...OFF, REQUIRE_MANUAL_APPROVAL: true }).every((c) => c.ok)).toBe(true);
  });

  it("CRITICAL actions needing a human escalate without one", () => {
    const r = failing(staticChecks({ agent: "QUEEN", action: "contact.delete", input: { contactId: "c" }, evidence: [ev(1)] }, NOW, OFF));
    expect(r).toMatchObject({ check: "approval", escalate: true });
  });
});

describe("weighted quorum", () => {
  const v = (w: number, approve: boolean) => ({ voter: `v${w}${approve}`, weight: w, approve });
  it.each([
    [[v(1, true), v(1, true), v(1, false)], true],
    [[v(1, true), v(1, false), v(1, false)], false],
    [[v(2, true), v(1, false)], true],
    [[v(1, true), v(1, false)], false],
    [[v(3, true), v(1, true), v(2, false)], true],
    [[], false],
    [[v(0, true)], false],
  ])("%j -> %s", (votes, ok) => {
    const r = tallyQuorum(votes);
    expect(r.ok).toBe(ok);
    if (!ok) expect(r.escalate).toBe(true);
  });
});
