"use client";

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function TrendChart({ data, format }: { data: { day: string; value: number | null }[]; format: (v: number) => string }) {
  if (data.every((d) => d.value === null)) return <p className="py-6 text-center text-xs text-slate-500">No data in this range</p>;
  return (
    <div className="h-24 w-full" aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <XAxis dataKey="day" hide />
          {/* From zero: a dip from 100 to 80 must not look like a fall to nothing. */}
          <YAxis hide domain={[0, "auto"]} />
          <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : "no data")} labelClassName="text-xs" />
          <Line type="monotone" dataKey="value" stroke="#4f46e5" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
