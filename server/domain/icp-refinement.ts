/**
 * ICP refinement (DESIGN.md §7, issue #7): which scoring signals predict positive outcomes, from
 * sent e-mails and what became of them. Per signal, the positive rate of sends whose lead had the
 * signal against those without (Beta(1+pos, 1+n−pos) each), the lift between them with a 90 %
 * credible interval, and a proposed weight:
 *   - only signals seen on at least MIN_WITH sends (and MIN_WITHOUT without) are judged;
 *   - only a lift whose interval excludes 1 moves a weight ("evidence, not noise");
 *   - the move is damped: weight × √lift, clamped to [½×, 2×] of the current weight, rounded;
 *     a zero weight with a clear positive lift gets a starting weight of 5.
 * Nothing is applied here: an approver accepts or rejects the proposal (audited).
 */
import { ratioInterval } from "./intervals";

export const ICP_RULE = { minWith: 20, minWithout: 20, level: 0.9, startWeight: 5 } as const;

export interface SendFeatures {
  /** Signals of the lead's score breakdown: "page:pricing", "seniority:VP", "icp_size", … */
  signals: string[];
  positive: boolean;
}

export interface SignalEvidence {
  signal: string;
  withSends: number;
  withPositives: number;
  withoutSends: number;
  withoutPositives: number;
  lift: number;
  lo: number;
  hi: number;
  current: number;
  proposed: number;
  verdict: "raise" | "lower" | "keep" | "too little data";
}

/** The signals of a score breakdown, seniority qualified by its level. */
export function signalsOf(breakdown: { signal: string; detail?: string }[]): string[] {
  return breakdown.filter((b) => b.signal !== "excluded_domain").map((b) => (b.signal === "seniority" && b.detail ? `seniority:${b.detail}` : b.signal));
}

export function refineIcp(rows: SendFeatures[], current: Record<string, number>): SignalEvidence[] {
  const all = new Set<string>(Object.keys(current));
  for (const r of rows) for (const s of r.signals) all.add(s);
  const totalPos = rows.filter((r) => r.positive).length;
  return [...all].sort().map((signal) => {
    let n = 0, pos = 0;
    for (const r of rows) if (r.signals.includes(signal)) { n++; if (r.positive) pos++; }
    const withoutSends = rows.length - n, withoutPositives = totalPos - pos;
    const cur = current[signal] ?? 0;
    const base = { signal, withSends: n, withPositives: pos, withoutSends, withoutPositives, current: cur };
    if (n < ICP_RULE.minWith || withoutSends < ICP_RULE.minWithout) {
      return { ...base, lift: NaN, lo: NaN, hi: NaN, proposed: cur, verdict: "too little data" as const };
    }
    const i = ratioInterval({ a: 1 + pos, b: 1 + n - pos }, { a: 1 + withoutPositives, b: 1 + withoutSends - withoutPositives }, ICP_RULE.level);
    const clear = i.lo > 1 || i.hi < 1;
    let proposed = cur;
    if (clear) {
      proposed = cur === 0
        ? (i.lo > 1 ? ICP_RULE.startWeight : 0)
        : Math.round(Math.min(2 * cur, Math.max(cur / 2, cur * Math.sqrt(i.mean))));
      proposed = Math.max(0, Math.min(100, proposed));
    }
    const verdict = proposed > cur ? "raise" as const : proposed < cur ? "lower" as const : "keep" as const;
    return { ...base, lift: i.mean, lo: i.lo, hi: i.hi, proposed, verdict };
  });
}
