import Link from "next/link";
import type { ReactNode } from "react";
import { ago, statusLabel } from "./format";

export function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-label={title} data-testid={testId}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}

/** The e-mail exactly as the server composed it: subject, HTML (sandboxed, no scripts) and plain text. */
export function EmailPreview({ to, composed, edited }: { to: string | null; composed: { subject: string; text: string; html: string } | null; edited: boolean }) {
  if (!composed) return <p role="alert" className="text-sm text-red-700">This draft cannot be composed, so it cannot be sent. Reject it or edit it.</p>;
  return (
    <div data-testid="email-preview">
      <dl className="mb-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="text-slate-500">To</dt><dd className="break-all">{to ?? "no address"}</dd>
        <dt className="text-slate-500">Subject</dt><dd className="font-medium" data-testid="email-subject">{composed.subject}</dd>
      </dl>
      {edited ? <p className="mb-2 text-xs text-indigo-700">Shows the approver&apos;s edit: this is the text that is sent.</p> : null}
      <iframe title="E-mail as it will be sent" sandbox="" srcDoc={composed.html} className="h-80 w-full rounded border border-slate-200 bg-white" />
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600">Plain-text part</summary>
        <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs" data-testid="email-text">{composed.text}</pre>
      </details>
    </div>
  );
}

export interface RecipientView {
  name: string | null; title: string | null; email: string | null; linkedinUrl: string | null; companyName: string | null; companyDomain: string | null;
  website: string | null; industry: string | null; employees: string | null; revenue: string | null; location: string | null; visitCount: number;
  firstSeenAt: string; lastSeenAt: string; erased: boolean;
}

export function RecipientCard({ r, now }: { r: RecipientView; now: number }) {
  const rows: [string, ReactNode][] = [
    ["Person", [r.name, r.title].filter(Boolean).join(", ") || "—"],
    ["E-mail", r.email ?? "—"],
    ["Company", [r.companyName, r.companyDomain].filter(Boolean).join(" · ") || "—"],
    ["Industry", r.industry ?? "—"],
    ["Employees", r.employees ?? "—"],
    ["Revenue", r.revenue ?? "—"],
    ["Location", r.location ?? "—"],
    ["Visits", `${r.visitCount} (first ${ago(r.firstSeenAt, now)} ago, last ${ago(r.lastSeenAt, now)} ago)`],
  ];
  return (
    <>
      {r.erased ? <p className="mb-2 text-sm text-red-700">This person&apos;s data was erased.</p> : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
        {rows.map(([k, v]) => <div key={k} className="contents"><dt className="text-slate-500">{k}</dt><dd className="break-words">{v}</dd></div>)}
      </dl>
      {r.linkedinUrl ? <a href={r.linkedinUrl} target="_blank" rel="noreferrer noopener" className="mt-1 inline-block text-sm text-indigo-700 underline">LinkedIn</a> : null}
    </>
  );
}

export function ScoreBreakdown({ score, tier, warm, items }: { score: number; tier: string; warm: boolean; items: { signal: string; points: number; detail: string }[] }) {
  return (
    <>
      <p className="mb-1 text-sm">Score <span className="font-semibold">{score}</span> · {tier}{warm ? " · warm connection" : ""}</p>
      {items.length === 0 ? <p className="text-sm text-slate-500">No breakdown recorded.</p> : (
        <table className="w-full text-sm">
          <tbody>
            {items.map((b, i) => (
              <tr key={`${b.signal}-${i}`} className="border-t border-slate-100">
                <td className="py-0.5 pr-2">{b.detail || b.signal}</td>
                <td className="py-0.5 text-right font-mono">{b.points > 0 ? `+${b.points}` : b.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function EvidenceList({ items, now }: { items: { field: string; value: string; source: string; verifiedAt: string }[]; now: number }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">The draft uses no personal facts.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {items.map((f) => (
        <li key={`${f.field}-${f.source}`} className="flex flex-wrap gap-x-2 py-1">
          <span className="text-slate-500">{f.field}</span>
          <span className="font-medium break-words">{f.value}</span>
          <span className="ml-auto text-xs text-slate-500">{f.source} · {ago(f.verifiedAt, now)} old</span>
        </li>
      ))}
    </ul>
  );
}

export function Checks({ items }: { items: { check: string; ok: boolean; detail: string }[] }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">No checks recorded.</p>;
  return (
    <ul className="text-sm" data-testid="checks">
      {items.map((c) => (
        <li key={c.check} className={c.ok ? "text-slate-700" : "font-medium text-red-700"}>
          <span aria-label={c.ok ? "passes" : "fails"}>{c.ok ? "✓" : "✗"}</span> {c.check.replace(/_/g, " ")}: {c.detail}
        </li>
      ))}
    </ul>
  );
}

type Reply = { at: string; classification: string | null };
const replyLabel = (r: Reply) => `${r.classification ? r.classification.toLowerCase().replace(/_/g, " ") : "unclassified"} reply ${new Date(r.at).toLocaleDateString()}`;

export function PreviousContact({ items }: { items: { draftId: string; subject: string; status: string; createdAt: string; sentAt: string | null; samePerson: boolean; contactName: string | null; replies: Reply[] }[] }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">No earlier drafts, e-mails or replies with this person or company.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {items.map((p) => (
        <li key={p.draftId} className="py-1">
          <Link href={`/inbox/${p.draftId}`} className="text-indigo-700 hover:underline">{p.subject}</Link>
          <span className="text-slate-500"> · {p.samePerson ? "this person" : `same company (${p.contactName ?? "someone else"})`} · {statusLabel(p.status)}
            {p.sentAt ? ` ${new Date(p.sentAt).toLocaleDateString()}` : ` (drafted ${new Date(p.createdAt).toLocaleDateString()})`}</span>
          {p.replies.length > 0 ? (
            <span className="ml-1 text-slate-700" data-testid="previous-replies"> · {p.replies.map(replyLabel).join(", ")}</span>
          ) : p.sentAt ? <span className="text-slate-500"> · no reply</span> : null}
        </li>
      ))}
    </ul>
  );
}
