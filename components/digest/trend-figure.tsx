export interface TrendView {
  current: number | null;
  previous: number | null;
  change: number | null;
}

const fmt = (v: number | null, percent: boolean) => (v === null ? "–" : percent ? `${(v * 100).toFixed(1)} %` : String(v));

/** One figure of the digest against the week before. */
export function TrendFigure({ label, t, percent = false, testId }: { label: string; t: TrendView; percent?: boolean; testId?: string }) {
  const up = t.change !== null && t.change > 0;
  const down = t.change !== null && t.change < 0;
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3" data-testid={testId}>
      <p className="text-xs text-slate-600">{label}</p>
      <p className="text-2xl font-semibold">{fmt(t.current, percent)}</p>
      <p className={`text-xs ${up ? "text-emerald-700" : down ? "text-red-700" : "text-slate-500"}`}>
        {t.change === null ? "no comparison" : `${up ? "▲" : down ? "▼" : "="} ${percent ? `${(Math.abs(t.change) * 100).toFixed(1)} pts` : Math.abs(t.change)}`} · week before {fmt(t.previous, percent)}
      </p>
    </div>
  );
}
