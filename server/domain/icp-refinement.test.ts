import { describe, expect, it } from "vitest";
import { refineIcp, signalsOf, type SendFeatures } from "./icp-refinement";

function rows(signals: string[], n: number, positives: number): SendFeatures[] {
  return Array.from({ length: n }, (_, i) => ({ signals, positive: i < positives }));
}

describe("ICP refinement", () => {
  it("qualifies seniority by level and ignores the exclusion marker", () => {
    expect(signalsOf([{ signal: "page:pricing" }, { signal: "seniority", detail: "VP" }, { signal: "excluded_domain" }])).toEqual(["page:pricing", "seniority:VP"]);
  });
  const data = [
    ...rows(["page:pricing", "icp_size"], 200, 40), // pricing: 20 %
    ...rows(["page:product", "icp_size"], 200, 8), // product: 4 %
    ...rows(["icp_size"], 200, 20),
    ...rows(["warm_connection"], 5, 5),
  ];
  const current = { "page:pricing": 20, "page:product": 8, icp_size: 10, warm_connection: 10, icp_industry: 0 };
  const bySignal = Object.fromEntries(refineIcp(data, current).map((e) => [e.signal, e]));
  it.each([
    ["page:pricing", "raise"],
    ["page:product", "lower"],
    ["warm_connection", "too little data"],
    ["icp_industry", "too little data"],
  ])("%s → %s", (signal, verdict) => {
    expect(bySignal[signal].verdict).toBe(verdict);
  });
  it("damps and clamps the move, and keeps weights without clear evidence", () => {
    expect(bySignal["page:pricing"].proposed).toBeGreaterThan(20);
    expect(bySignal["page:pricing"].proposed).toBeLessThanOrEqual(40);
    expect(bySignal["page:product"].proposed).toBeGreaterThanOrEqual(4);
    expect(bySignal["page:product"].proposed).toBeLessThan(8);
    expect(bySignal.warm_connection.proposed).toBe(10);
    expect(bySignal["page:pricing"].lo).toBeGreaterThan(1);
  });
  it("gives a zero-weight signal with a clear lift a starting weight", () => {
    const d = [...rows(["icp_industry"], 100, 30), ...rows([], 300, 15)];
    const e = refineIcp(d, { icp_industry: 0 }).find((x) => x.signal === "icp_industry")!;
    expect(e).toMatchObject({ verdict: "raise", proposed: 5 });
  });
  it("no data, no proposal", () => {
    expect(refineIcp([], { icp_size: 10 })).toEqual([expect.objectContaining({ signal: "icp_size", proposed: 10, verdict: "too little data" })]);
  });
});
