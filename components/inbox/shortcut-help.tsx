export const SHORTCUTS: [string, string][] = [
  ["j / k", "next / previous draft"],
  ["o or Enter", "open the draft"],
  ["a", "approve"],
  ["e", "edit, then approve"],
  ["r", "reject (with a reason)"],
  ["s", "snooze"],
  ["x", "select for bulk approve"],
  ["?", "show or hide this help"],
  ["Esc", "close / back"],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" className="fixed inset-0 z-50 flex items-center justify-center bg-black/30 p-4" onClick={onClose}>
      <div className="w-full max-w-sm rounded-lg bg-white p-4 shadow-lg" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-2 font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {SHORTCUTS.map(([k, v]) => (
            <div key={k} className="contents"><dt><kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{k}</kbd></dt><dd>{v}</dd></div>
          ))}
        </dl>
        <button type="button" className="mt-3 rounded border border-slate-300 px-3 py-1 text-sm" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
