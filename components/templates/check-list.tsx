export function CheckList({ checks }: { checks: { check: string; ok: boolean; detail: string }[] }) {
  if (checks.length === 0) return null;
  return (
    <ul className="space-y-1 text-xs" aria-label="Quality checks">
      {checks.map((c) => (
        <li key={c.check} className={c.ok ? "text-emerald-700" : "font-medium text-red-700"}>
          {c.ok ? "✓" : "✗"} {c.check}: {c.detail}
        </li>
      ))}
    </ul>
  );
}
