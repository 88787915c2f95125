"use client";

import { useState } from "react";
import { score, type ScoringConfig } from "@/server/domain/scoring";

/** Scores a sample visitor with the settings as they stand in the form, before saving. */
export function ScoringPreview({ config }: { config: ScoringConfig }) {
  const [v, setV] = useState({ title: "VP of Sales", industry: "Software", employees: 200, pages: "/pricing\n/case-studies/acme", visits: 2, company: "Acme" });
  const result = score(
    {
      title: v.title || null, email: null, linkedinUrl: null, companyName: v.company || null, companyDomain: null, industry: v.industry || null,
      employeeCountMin: v.employees, employeeCountMax: v.employees, visitCount: v.visits,
      pageUrls: v.pages.split(/\r?\n/).map((p) => p.trim()).filter(Boolean).map((p) => `https://example.com${p.startsWith("/") ? p : `/${p}`}`),
    },
    config,
  );
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((s) => ({ ...s, [k]: typeof s[k] === "number" ? Number(e.target.value) || 0 : e.target.value }));
  return (
    <div className="rounded border border-indigo-200 bg-indigo-50/40 p-3" aria-live="polite">
      <p className="text-sm font-medium">Live preview: a sample visitor</p>
      <div className="mt-2 grid grid-cols-2 gap-2 text-xs sm:grid-cols-3">
        <label>Title<input value={v.title} onChange={set("title")} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
        <label>Industry<input value={v.industry} onChange={set("industry")} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
        <label>Employees<input type="number" value={v.employees} onChange={set("employees")} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
        <label>Company<input value={v.company} onChange={set("company")} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
        <label>Visits<input type="number" min={1} value={v.visits} onChange={set("visits")} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
        <label className="col-span-2 sm:col-span-1">Pages (one per line)<textarea value={v.pages} onChange={set("pages")} rows={2} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
      </div>
      <p className="mt-2 text-sm" data-testid="preview-score">
        Score <strong>{result.score}</strong> · {result.tier}{result.warm ? " · WARM" : ""}{result.excluded ? " · excluded domain" : ""}
      </p>
      <ul className="text-xs text-slate-600">
        {result.breakdown.map((b) => <li key={`${b.signal}-${b.detail}`}>+{b.points} {b.signal}: {b.detail}</li>)}
      </ul>
    </div>
  );
}
