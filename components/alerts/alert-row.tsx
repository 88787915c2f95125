import Link from "next/link";

export interface AlertRowView {
  id: string;
  kind: string;
  severity: string;
  title: string;
  text: string;
  link: string;
  buttons: { label: string; url: string }[];
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

const SEVERITY: Record<string, string> = {
  CRITICAL: "bg-red-100 text-red-800",
  WARNING: "bg-amber-100 text-amber-800",
  INFO: "bg-sky-100 text-sky-800",
};

const STATUS: Record<string, string> = {
  SENT: "posted to Slack",
  SANDBOX: "sandbox (not posted)",
  QUEUED: "queued for Slack",
  FAILED: "Slack delivery failed",
};

/** One alert as Slack would show it, with where it went. */
export function AlertRow({ a }: { a: AlertRowView }) {
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" data-testid="alert-row" data-kind={a.kind}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className={`rounded px-2 py-0.5 font-medium ${SEVERITY[a.severity] ?? SEVERITY.INFO}`}>{a.severity}</span>
        <span className="rounded bg-slate-100 px-2 py-0.5">{a.kind.toLowerCase().replace(/_/g, " ")}</span>
        <span className="text-slate-500" data-testid="alert-status">{STATUS[a.status] ?? a.status}{a.status === "QUEUED" && a.attempts > 0 ? ` · ${a.attempts} attempts` : ""}</span>
        <span className="ml-auto text-slate-500">{new Date(a.createdAt).toLocaleString()}</span>
      </div>
      <p className="mt-2 font-medium">{a.title}</p>
      <p className="whitespace-pre-line break-words text-sm text-slate-700">{a.text}</p>
      {a.lastError && a.status !== "SENT" ? <p className="mt-1 text-xs text-red-700">Last error: {a.lastError}</p> : null}
      <div className="mt-2 flex flex-wrap gap-2 text-sm">
        <Link href={a.link} className="rounded border border-indigo-300 px-2 py-0.5 text-indigo-800 hover:bg-indigo-50">Open in dashboard</Link>
        {a.buttons.map((b) => (
          <a key={b.url} href={b.url} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50">{b.label}</a>
        ))}
      </div>
    </li>
  );
}
