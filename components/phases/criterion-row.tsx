import type { Criterion } from "@/server/domain/gates";

/** A gate criterion, with who ticked it when it is a manual item. */
export type CriterionView = Criterion & { checkedBy?: string | null; comment?: string | null; updatedAt?: string | null };

export function CriterionRow({ c, children }: { c: CriterionView; children?: React.ReactNode }) {
  return (
    <li className="flex flex-wrap items-start gap-3 py-3" data-testid={`criterion-${c.key}`}>
      <span aria-label={c.pass ? "passes" : "fails"} className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold text-white ${c.pass ? "bg-emerald-600" : "bg-red-600"}`}>
        {c.pass ? "✓" : "✗"}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium">{c.label}</p>
        <p className="text-sm text-slate-600">
          Now: <span className="font-mono">{c.value}</span> · Required: {c.required}
        </p>
        {c.kind === "manual" && c.checkedBy ? (
          <p className="text-xs text-slate-500">
            {c.pass ? "Ticked" : "Unticked"} by {c.checkedBy}
            {c.updatedAt ? ` on ${new Date(c.updatedAt).toLocaleString()}` : ""}
            {c.comment ? `: “${c.comment}”` : ""}
          </p>
        ) : null}
        {children}
      </div>
    </li>
  );
}
