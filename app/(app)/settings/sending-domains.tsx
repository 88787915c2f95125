"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { inputClass } from "@/components/settings/setting-section";
import { QueryError } from "@/components/ui/query-error";
import { PHASE_LABEL } from "@/server/domain/phases";
import { useTRPC } from "../../_trpc/client";

/**
 * Paused sending domains: the sending-domain monitor pauses one on a bounce rate over 2 % or a spam
 * complaint; an approver can resume it here (or pause one by hand, e.g. while it warms up).
 */
export function SendingDomains({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.settings.pausedDomains.queryOptions());
  const refresh = () => Promise.all([
    qc.invalidateQueries({ queryKey: trpc.settings.pausedDomains.queryKey() }),
    qc.invalidateQueries({ queryKey: trpc.alerts.incidents.queryKey() }),
  ]);
  const pause = useMutation(trpc.settings.pauseDomain.mutationOptions({ onSuccess: refresh }));
  const resume = useMutation(trpc.settings.resumeDomain.mutationOptions({ onSuccess: refresh }));
  const [domain, setDomain] = useState("");
  const [reason, setReason] = useState("");
  const error = pause.error ?? resume.error;

  function submit(e: FormEvent) {
    e.preventDefault();
    resume.reset();
    pause.mutate({ domain, reason: reason || undefined }, { onSuccess: () => { setDomain(""); setReason(""); } });
  }

  return (
    <section aria-labelledby="paused-h" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="setting-paused-domains">
      <h2 id="paused-h" className="font-semibold">Paused sending domains</h2>
      <p className="text-sm text-slate-600">Nothing is sent from a paused domain. The monitor pauses one on a bounce rate over 2 % or any spam complaint; only an approver resumes it.</p>
      {list.isPending ? <p className="mt-2 text-sm text-slate-500">Loading…</p> : list.isError ? <QueryError message={list.error.message} /> : list.data.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500" data-testid="no-paused-domains">No domain is paused.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {list.data.map((d) => (
            <li key={d.domain} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2" data-testid="paused-domain">
              <span className="min-w-0 break-all font-mono">{d.domain}</span>
              <span className="min-w-0 flex-1 text-slate-600">{d.reason} · {d.by} · {new Date(d.at).toLocaleString()}</span>
              {canEdit ? (
                <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50" disabled={resume.isPending}
                  onClick={() => { pause.reset(); resume.mutate({ domain: d.domain }); }}>
                  Resume {d.domain}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <form onSubmit={submit} className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
          <label className="block text-sm"><span className="font-medium">Domain to pause</span>
            <input value={domain} onChange={(e) => setDomain(e.target.value)} required autoCapitalize="none" autoCorrect="off" spellCheck={false} placeholder="mail.example.com" className={inputClass} />
          </label>
          <label className="block text-sm"><span className="font-medium">Reason (optional)</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} className={inputClass} />
          </label>
          <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50" disabled={pause.isPending}>Pause domain</button>
        </form>
      ) : null}
      {error ? <p role="alert" className="mt-2 text-sm text-red-700">{error.message}</p> : null}
    </section>
  );
}

/** The rollout phase is changed on the Phases page only, where its gates are checked. */
export function PhaseSummary() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.settings.overview.queryOptions());
  return (
    <section aria-labelledby="phase-h" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="setting-phase">
      <h2 id="phase-h" className="font-semibold">Rollout phase</h2>
      <p className="text-sm text-slate-600">
        {overview.data ? <>Current phase: <strong>{PHASE_LABEL[overview.data.phase]}</strong>. </> : null}
        Moving up needs its gates (checked and audited) on the <Link href="/phases" className="text-indigo-700 hover:underline">Phases</Link> page, which is also where an approver moves down.
      </p>
    </section>
  );
}
