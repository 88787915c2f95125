"use client";

import { useState } from "react";
import { SENIORITY_LEVELS, type IcpConfig, type PageSignal, type ScoringWeights, type WarmConnections } from "@/server/domain/scoring";
import { inputClass } from "./setting-section";
import { ScoringPreview } from "./scoring-preview";

export interface ScoringValues {
  scoringWeights: ScoringWeights;
  pageSignals: PageSignal[];
  icp: IcpConfig;
  warmConnections: WarmConnections;
  excludedDomains: string[];
}

const split = (s: string) => s.split(/\r?\n|,/).map((x) => x.trim()).filter(Boolean);

/** ICP weights, page signals, ICP and warm connections, edited together with a live score preview. */
export function ScoringSettings({ initial, canEdit, onSave }: { initial: ScoringValues; canEdit: boolean; onSave: (v: Omit<ScoringValues, "excludedDomains">) => Promise<void> }) {
  const [v, setV] = useState(initial);
  const [status, setStatus] = useState<string | null>(null);
  const w = v.scoringWeights;
  const setW = (patch: Partial<ScoringWeights>) => setV((s) => ({ ...s, scoringWeights: { ...s.scoringWeights, ...patch } }));
  const n = (x: string) => Math.max(0, Math.min(100, Number(x) || 0));
  return (
    <section aria-labelledby="scoring-h" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="setting-scoring">
      <h2 id="scoring-h" className="font-semibold">Intent scoring</h2>
      <p className="text-sm text-slate-600">Weights, page signals, ideal customer profile and warm connections. Tiers: LOW &lt; 40, MEDIUM 40–69, HOT ≥ 70.</p>
      <fieldset disabled={!canEdit} className="mt-3 grid gap-4 lg:grid-cols-2">
        <div className="space-y-3">
          <p className="text-sm font-medium">Title seniority (points)</p>
          <div className="grid grid-cols-3 gap-2">
            {SENIORITY_LEVELS.map((l) => (
              <label key={l} className="text-xs">{l.replace("_", "-")}
                <input type="number" min={0} max={100} value={w.seniority[l]} onChange={(e) => setW({ seniority: { ...w.seniority, [l]: n(e.target.value) } })} className={inputClass} />
              </label>
            ))}
          </div>
          <div className="grid grid-cols-3 gap-2">
            {([["repeatVisitEach", "Per repeat visit"], ["repeatVisitCap", "Repeat visits cap"], ["pageSignalsCap", "Page signals cap"], ["icpSize", "ICP size fit"], ["icpIndustry", "ICP industry fit"], ["warmConnection", "Warm connection"]] as const).map(([k, label]) => (
              <label key={k} className="text-xs">{label}
                <input type="number" min={0} max={100} value={w[k]} onChange={(e) => setW({ [k]: n(e.target.value) })} className={inputClass} />
              </label>
            ))}
          </div>
          <p className="text-sm font-medium">Page signals</p>
          <ul className="space-y-2">
            {v.pageSignals.map((s, i) => (
              <li key={s.key} className="grid grid-cols-[1fr_4rem] gap-2 text-xs sm:grid-cols-[1fr_4rem_1fr]">
                <label>{s.key}<input value={s.label} onChange={(e) => setV((x) => ({ ...x, pageSignals: x.pageSignals.map((p, j) => (j === i ? { ...p, label: e.target.value } : p)) }))} className={inputClass} /></label>
                <label>Points<input type="number" min={0} max={100} value={s.points} onChange={(e) => setV((x) => ({ ...x, pageSignals: x.pageSignals.map((p, j) => (j === i ? { ...p, points: n(e.target.value) } : p)) }))} className={inputClass} /></label>
                <label className="col-span-2 sm:col-span-1">Path words<input value={s.patterns.join(", ")} onChange={(e) => setV((x) => ({ ...x, pageSignals: x.pageSignals.map((p, j) => (j === i ? { ...p, patterns: split(e.target.value) } : p)) }))} className={inputClass} /></label>
              </li>
            ))}
          </ul>
        </div>
        <div className="space-y-3">
          <div className="grid grid-cols-2 gap-2">
            <label className="text-xs">ICP employees from<input type="number" min={0} value={v.icp.employeeMin} onChange={(e) => setV((x) => ({ ...x, icp: { ...x.icp, employeeMin: Math.max(0, Number(e.target.value) || 0) } }))} className={inputClass} /></label>
            <label className="text-xs">to (empty: no upper bound)<input type="number" min={1} value={v.icp.employeeMax ?? ""} onChange={(e) => setV((x) => ({ ...x, icp: { ...x.icp, employeeMax: e.target.value ? Number(e.target.value) : null } }))} className={inputClass} /></label>
          </div>
          <label className="block text-xs">ICP industries (one per line)<textarea rows={3} value={v.icp.industries.join("\n")} onChange={(e) => setV((x) => ({ ...x, icp: { ...x.icp, industries: split(e.target.value) } }))} className={inputClass} /></label>
          <label className="block text-xs">The team&apos;s past employers (names or domains, one per line)<textarea rows={2} value={v.warmConnections.pastEmployers.join("\n")} onChange={(e) => setV((x) => ({ ...x, warmConnections: { ...x.warmConnections, pastEmployers: split(e.target.value) } }))} className={inputClass} /></label>
          <label className="block text-xs">Known contacts (e-mail or LinkedIn URL, one per line)<textarea rows={2} value={v.warmConnections.knownContacts.join("\n")} onChange={(e) => setV((x) => ({ ...x, warmConnections: { ...x.warmConnections, knownContacts: split(e.target.value) } }))} className={inputClass} /></label>
          <ScoringPreview config={{ weights: v.scoringWeights, pageSignals: v.pageSignals, icp: v.icp, warm: v.warmConnections, excludedDomains: v.excludedDomains }} />
        </div>
      </fieldset>
      {canEdit ? (
        <div className="mt-3 flex items-center gap-3">
          <button
            type="button"
            className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white"
            onClick={async () => {
              setStatus("Saving…");
              try {
                await onSave({ scoringWeights: v.scoringWeights, pageSignals: v.pageSignals, icp: v.icp, warmConnections: v.warmConnections });
                setStatus("Saved.");
              } catch (e) {
                setStatus((e as Error).message);
              }
            }}
          >
            Save scoring
          </button>
          {status ? <span role="status" className="text-sm text-slate-700">{status}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
