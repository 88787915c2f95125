import type { ReactNode } from "react";

/** Presentational pieces of a call-prep brief (no server imports; data comes from the page). */
export interface BriefView {
  person: { name: string | null; title: string | null; email: string | null; linkedinUrl: string | null };
  company: { name: string | null; domain: string | null; industry: string | null; employees: string | null; revenue: string | null; location: string | null };
  meeting: { startTime: string | null; bookedAt: string };
  visits: { count: number; pages: { url: string; seenAt: string }[] };
  score: { score: number | null; tier: string | null; warm: boolean; breakdown: { signal: string; points: number; detail: string }[] };
  facts: { field: string; value: string; source: string; dataId: string; verifiedAt: string }[];
  thread: { direction: "OUT" | "IN"; at: string; subject: string | null; text: string; classification: string | null }[];
  talkingPoints: string[];
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4" aria-label={title} data-testid={testId}>
      <h2 className="mb-2 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

export function StatusBadge({ status, dryRun }: { status: string; dryRun: boolean }) {
  const tone = status === "WRITTEN" ? "bg-emerald-100 text-emerald-800" : status === "FAILED" ? "bg-red-100 text-red-800" : status === "ERASED" ? "bg-slate-200 text-slate-700" : "bg-amber-100 text-amber-900";
  const label = status === "PREPARED" ? "Prepared (not written)" : status === "READY" ? "Writing to GHL" : status === "WRITTEN" ? "Written to GHL" : status === "FAILED" ? "Write failed" : "Erased";
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={`rounded px-2 py-0.5 text-xs font-medium ${tone}`} data-testid="prep-status">{label}</span>
      {dryRun ? <span className="rounded bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800" data-testid="dry-run-badge">Dry run</span> : null}
    </span>
  );
}

export function BriefSections({ b }: { b: BriefView }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Section title="Suggested talking points" testId="talking-points">
        <ol className="list-decimal space-y-1 pl-5 text-sm">{b.talkingPoints.map((p, i) => <li key={i}>{p}</li>)}</ol>
      </Section>
      <Section title="Who and company" testId="who">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500">Person</dt><dd className="break-words">{[b.person.name, b.person.title].filter(Boolean).join(", ") || "—"}</dd>
          <dt className="text-slate-500">E-mail</dt><dd className="break-all">{b.person.email ?? "—"}</dd>
          <dt className="text-slate-500">Company</dt><dd className="break-words">{[b.company.name, b.company.domain].filter(Boolean).join(" · ") || "—"}</dd>
          <dt className="text-slate-500">Profile</dt><dd className="break-words">{[b.company.industry, b.company.employees ? `${b.company.employees} employees` : null, b.company.revenue, b.company.location].filter(Boolean).join(", ") || "—"}</dd>
          <dt className="text-slate-500">Meeting</dt><dd>{when(b.meeting.startTime)} <span className="text-slate-500">(booked {when(b.meeting.bookedAt)})</span></dd>
        </dl>
      </Section>
      <Section title={`Pages viewed (${b.visits.count} visit${b.visits.count === 1 ? "" : "s"})`} testId="pages">
        {b.visits.pages.length === 0 ? <p className="text-sm text-slate-500">No page views recorded.</p> : (
          <ul className="space-y-1 text-sm">{b.visits.pages.map((p, i) => <li key={i} className="flex gap-2"><span className="break-all">{p.url}</span><time className="ml-auto shrink-0 text-slate-500">{when(p.seenAt)}</time></li>)}</ul>
        )}
      </Section>
      <Section title={`Score ${b.score.score ?? "—"} (${b.score.tier ?? "—"}${b.score.warm ? ", warm" : ""})`} testId="score">
        <ul className="space-y-1 text-sm">{b.score.breakdown.map((x, i) => <li key={i} className="flex gap-2"><span className="w-10 shrink-0 text-right font-mono">+{x.points}</span><span>{x.signal}</span><span className="text-slate-500">{x.detail}</span></li>)}</ul>
      </Section>
      <Section title="Facts and their sources" testId="facts">
        {b.facts.length === 0 ? <p className="text-sm text-slate-500">No enrichment facts.</p> : (
          <ul className="space-y-1 text-sm">{b.facts.map((f, i) => <li key={i}><span className="font-medium">{f.field}</span>: <span className="break-words">{f.value}</span> <span className="text-xs text-slate-500">({f.source}, {f.dataId}, {when(f.verifiedAt)})</span></li>)}</ul>
        )}
      </Section>
      <Section title="E-mail thread" testId="thread">
        <ol className="space-y-3 text-sm">
          {b.thread.map((m, i) => (
            <li key={i} className={`rounded border p-2 ${m.direction === "IN" ? "border-emerald-200 bg-emerald-50" : "border-slate-200"}`}>
              <div className="flex flex-wrap gap-2 text-xs text-slate-600">
                <span className="font-medium">{m.direction === "IN" ? "Their reply" : "Our e-mail"}</span>
                {m.classification ? <span className="rounded bg-white px-1.5">{m.classification.toLowerCase().replace(/_/g, " ")}</span> : null}
                <time className="ml-auto">{when(m.at)}</time>
              </div>
              {m.subject ? <p className="mt-1 font-medium break-words">{m.subject}</p> : null}
              <p className="mt-1 whitespace-pre-wrap break-words">{m.text}</p>
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
