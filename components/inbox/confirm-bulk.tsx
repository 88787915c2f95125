import { TIER_STYLE } from "./pending-item";

/** Bulk approval asks first and lists exactly what will be approved. */
export function ConfirmBulk({ items, busy, onConfirm, onCancel }: {
  items: { id: string; subject: string; tier: string; companyName: string | null; contactName: string | null }[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div role="dialog" aria-modal="true" aria-label="Confirm bulk approval" className="fixed inset-0 z-50 flex items-center justify-center bg-black/30 p-4">
      <div className="flex max-h-[90vh] w-full max-w-lg flex-col rounded-lg bg-white p-4 shadow-lg">
        <h2 className="font-semibold">Approve {items.length} draft{items.length === 1 ? "" : "s"}?</h2>
        <p className="mt-1 text-sm text-slate-600">Each goes to the send path on its own, with every limit and kill switch applied.</p>
        <ul className="my-3 flex-1 divide-y divide-slate-100 overflow-y-auto text-sm" data-testid="bulk-confirm-list">
          {items.map((i) => (
            <li key={i.id} className="py-1.5">
              <span className={`mr-2 rounded px-1.5 text-xs ${TIER_STYLE[i.tier] ?? TIER_STYLE.LOW}`}>{i.tier}</span>
              <span className="font-medium">{i.subject}</span>
              <span className="text-slate-500"> — {[i.contactName, i.companyName].filter(Boolean).join(", ") || "unknown"}</span>
            </li>
          ))}
        </ul>
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={onCancel} disabled={busy}>Cancel</button>
          <button type="button" className="rounded bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50" onClick={onConfirm} disabled={busy}>
            {busy ? "Approving…" : `Approve ${items.length} draft${items.length === 1 ? "" : "s"}`}
          </button>
        </div>
      </div>
    </div>
  );
}
