"use client";

import { TrendChart } from "../charts/trend-chart";
import { formatValue } from "./format";

export interface ScorecardCardView {
  key: string;
  label: string;
  format: string;
  value: number | null;
  target: string;
  gate: string;
  meetsTarget: boolean;
  series: { day: string; value: number | null }[];
}

export function ScorecardCard({ card, onDrill, selected }: { card: ScorecardCardView; onDrill: () => void; selected: boolean }) {
  const tone = card.value === null ? "text-slate-500" : card.meetsTarget ? "text-emerald-700" : "text-red-700";
  return (
    <li data-testid={`scorecard-${card.key}`} className={`rounded-lg border bg-white p-4 ${selected ? "border-indigo-500 ring-1 ring-indigo-500" : "border-slate-200"}`}>
      <p className="text-sm text-slate-600">{card.label}</p>
      <button type="button" onClick={onDrill} className={`mt-1 text-2xl font-semibold underline-offset-4 hover:underline ${tone}`} aria-label={`${card.label}: ${formatValue(card.format, card.value)}. Show the rows behind it`}>
        {formatValue(card.format, card.value)}
      </button>
      <p className="mt-1 text-xs text-slate-500">Target {card.target} · Gate {card.gate}</p>
      <TrendChart data={card.series} format={(v) => formatValue(card.format, v)} />
    </li>
  );
}
