import { describe, expect, it } from "vitest";
import { entryHash, GENESIS_HASH, verifyChain, type AuditRow } from "./audit-chain";

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      seq: i, at: new Date(Date.UTC(2026, 10, 24, 10, i)), actorType: "AGENT", actorId: null, agent: "OPERATOR",
      action: "email.send", decision: i % 2 ? "ALLOW" : "DENY", riskLevel: "HIGH", reason: null,
      subjectType: "draft", subjectId: `d${i}`, evidence: JSON.stringify({ i }),
    };
    const hash = entryHash(prev, content);
    rows.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe("verifyChain", () => {
  it("accepts an intact chain and the empty chain", () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, checked: 5 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, headHash: GENESIS_HASH });
  });

  const tamper: [string, (rows: AuditRow[]) => AuditRow[], number, string][] = [
    ["changed decision", (r) => r.map((x) => (x.seq === 3 ? { ...x, decision: "ALLOW" === x.decision ? "DENY" : "ALLOW" } : x)), 3, "HASH"],
    ["changed evidence", (r) => r.map((x) => (x.seq === 2 ? { ...x, evidence: "{}" } : x)), 2, "HASH"],
    ["changed time", (r) => r.map((x) => (x.seq === 4 ? { ...x, at: new Date(0) } : x)), 4, "HASH"],
    ["deleted row", (r) => r.filter((x) => x.seq !== 3), 4, "GAP"],
    ["swapped rows", (r) => [r[0], r[2], r[1], r[3], r[4]], 3, "GAP"],
    ["rehashed row without fixing successors", (r) => {
      const x = { ...r[1], reason: "edited" };
      x.hash = entryHash(x.prevHash, x);
      return [r[0], x, ...r.slice(2)];
    }, 3, "PREV_HASH"],
  ];
  it.each(tamper)("detects %s", (_name, mutate, seq, problem) => {
    const verdict = verifyChain(mutate(chain(5)));
    expect(verdict).toMatchObject({ ok: false, brokenAtSeq: seq, problem });
  });
});
