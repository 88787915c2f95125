import Link from "next/link";
import type { ReactNode } from "react";
import { ago } from "./format";

export interface PendingItemView {
  id: string;
  subject: string;
  tier: string;
  score: number;
  warm: boolean;
  status?: string;
  companyName: string | null;
  contactName: string | null;
  title: string | null;
  templateName?: string;
  createdAt: string;
  alertedAt?: string | null;
}

export const TIER_STYLE: Record<string, string> = {
  HOT: "bg-red-100 text-red-800",
  MEDIUM: "bg-amber-100 text-amber-800",
  LOW: "bg-slate-100 text-slate-700",
};

/** One draft in the queue. `select` is the approver's checkbox; `actions` the approver's buttons. */
export function PendingItem({ item, actions, select, active, now }: { item: PendingItemView; actions?: ReactNode; select?: ReactNode; active?: boolean; now?: number }) {
  const waited = now ? ago(item.createdAt, now) : null;
  return (
    <li
      className={`rounded-lg border bg-white p-3 sm:p-4 ${active ? "border-indigo-500 ring-2 ring-indigo-200" : "border-slate-200"}`}
      data-testid="pending-item"
      data-draft-id={item.id}
      aria-current={active ? "true" : undefined}
    >
      <div className="flex items-start gap-3">
        {select ? <div className="pt-1">{select}</div> : null}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <span className={`rounded px-2 py-0.5 font-medium ${TIER_STYLE[item.tier] ?? TIER_STYLE.LOW}`}>{item.tier}</span>
            {item.warm ? <span className="rounded bg-emerald-100 px-2 py-0.5 font-medium text-emerald-800">WARM</span> : null}
            {item.status === "SNOOZED" ? <span className="rounded bg-sky-100 px-2 py-0.5 text-sky-800">snooze over</span> : null}
            <span className="text-slate-500">score {item.score}</span>
            {/* Template names start with their tier ("MEDIUM · case study"); the badge already says it. */}
            {item.templateName ? <span className="text-slate-500">· {item.templateName.replace(new RegExp(`^${item.tier}\\s*·\\s*`, "i"), "")}</span> : null}
            <span className="ml-auto text-slate-500" data-testid="escalation">
              {waited ? <>waiting {waited} · </> : null}
              {item.alertedAt ? `alerted ${new Date(item.alertedAt).toLocaleString()}` : "not alerted"}
            </span>
          </div>
          <Link href={`/inbox/${item.id}`} className="mt-2 block break-words font-medium text-indigo-800 hover:underline">{item.subject}</Link>
          <p className="break-words text-sm text-slate-600">
            {[item.contactName, item.title, item.companyName].filter(Boolean).join(" · ") || "Unknown contact"}
          </p>
          {actions ? <div className="mt-3 flex flex-wrap gap-2">{actions}</div> : null}
        </div>
      </div>
    </li>
  );
}
