import type { ReactNode } from "react";

export interface PendingItemView {
  id: string;
  subject: string;
  tier: string;
  score: number;
  warm: boolean;
  companyName: string | null;
  contactName: string | null;
  title: string | null;
  createdAt: string;
}

const TIER_STYLE: Record<string, string> = {
  HOT: "bg-red-100 text-red-800",
  MEDIUM: "bg-amber-100 text-amber-800",
  LOW: "bg-slate-100 text-slate-700",
};

export function PendingItem({ item, actions }: { item: PendingItemView; actions?: ReactNode }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4" data-testid="pending-item">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className={`rounded px-2 py-0.5 font-medium ${TIER_STYLE[item.tier] ?? TIER_STYLE.LOW}`}>{item.tier}</span>
        {item.warm ? <span className="rounded bg-emerald-100 px-2 py-0.5 font-medium text-emerald-800">WARM</span> : null}
        <span className="text-slate-500">score {item.score}</span>
        <time className="ml-auto text-slate-500" dateTime={item.createdAt}>{new Date(item.createdAt).toLocaleString()}</time>
      </div>
      <p className="mt-2 font-medium">{item.subject}</p>
      <p className="text-sm text-slate-600">
        {[item.contactName, item.title, item.companyName].filter(Boolean).join(" · ") || "Unknown contact"}
      </p>
      {actions ? <div className="mt-3 flex flex-wrap gap-2">{actions}</div> : null}
    </li>
  );
}
