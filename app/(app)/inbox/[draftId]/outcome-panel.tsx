"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../../_trpc/client";
import { useCurrentUser } from "../../../_trpc/current-user";

const LABEL: Record<string, string> = {
  REPLY: "Reply", BOUNCE: "Hard bounce", COMPLAINT: "Spam complaint", UNSUBSCRIBE: "Unsubscribed", MEETING: "Meeting booked",
  DELIVERED: "Delivered", OPENED: "Opened", OPPORTUNITY: "Opportunity value", NO_REPLY: "No outcome in 72 h",
};
const WATCH: Record<string, string> = { WAITING: "Waiting for an outcome until", RESOLVED: "Outcome:", NO_OUTCOME: "No outcome within 72 h" };

/** What came back for this draft's e-mail: the 72 h watch, replies (with their text), bounces, meetings, call prep. */
export function OutcomePanel({ draftId }: { draftId: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.outcomes.forDraft.queryOptions({ draftId }), refetchInterval: 4000 });
  const preps = useQuery({ ...trpc.callPrep.forDraft.queryOptions({ draftId }), refetchInterval: 4000 });
  if (q.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (q.isError) return <QueryError message={`Could not load the outcomes: ${q.error.message}`} />;
  const o = q.data;
  if (!o.sendId) return <p className="text-sm text-slate-500">Not sent yet: outcomes appear here once the e-mail has gone out.</p>;
  return (
    <div className="space-y-2 text-sm" data-testid="outcomes">
      {o.watch ? (
        <p className="text-slate-600" data-testid="outcome-watch">
          {WATCH[o.watch.status] ?? o.watch.status}{" "}
          {o.watch.status === "WAITING" ? new Date(o.watch.deadline).toLocaleString() : o.watch.status === "RESOLVED" ? (o.watch.result ?? "").toLowerCase().replace(/[_:]/g, " ") : ""}
        </p>
      ) : null}
      {o.items.length === 0 ? <p className="text-slate-500">Nothing has come back yet.</p> : (
        <ul className="space-y-2">
          {o.items.map((i) => (
            <li key={i.id} className={`rounded border p-2 ${i.type === "REPLY" ? "border-emerald-200 bg-emerald-50" : "border-slate-200"}`} data-testid="outcome-item">
              <div className="flex flex-wrap gap-2 text-xs text-slate-600">
                <span className="font-medium">{LABEL[i.type] ?? i.type}</span>
                {i.classification ? <span className="rounded bg-white px-1.5" data-testid="outcome-classification">{i.classification.toLowerCase().replace(/_/g, " ")}</span> : null}
                {i.value != null ? <span>${i.value.toLocaleString()}</span> : null}
                <time className="ml-auto">{new Date(i.occurredAt).toLocaleString()}</time>
              </div>
              {i.text ? <p className="mt-1 whitespace-pre-wrap break-words">{i.text}</p> : i.erased ? <p className="mt-1 text-slate-500">Text erased with the contact&apos;s personal data.</p> : null}
            </li>
          ))}
        </ul>
      )}
      {preps.data && preps.data.length > 0 ? (
        <p>{preps.data.map((p) => <Link key={p.id} href={`/call-prep/${p.id}`} className="mr-3 text-indigo-700 underline" data-testid="call-prep-link">Call prep{p.dryRun ? " (dry run)" : ""}</Link>)}</p>
      ) : null}
    </div>
  );
}

/** Admin only: erase the person's personal data (the keyed hash stays on the suppression list). */
export function EraseContact({ draftId, erased }: { draftId: string; erased: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const [confirm, setConfirm] = useState("");
  const erase = useMutation(trpc.privacy.eraseContact.mutationOptions({ onSuccess: () => qc.invalidateQueries() }));
  if (user.role !== "ADMIN") return null;
  if (erased || erase.data) return <p className="text-sm text-slate-600" data-testid="erased-note">This contact&apos;s personal data is erased. The address stays suppressed (keyed hash only).</p>;
  return (
    <form className="space-y-2 text-sm" onSubmit={(e) => { e.preventDefault(); if (confirm === "ERASE") erase.mutate({ draftId, confirm: "ERASE" }); }}>
      <p className="text-slate-600">Removes name, e-mail, profile, raw payloads, e-mail text, replies and call-prep briefs for this person. Counts and the audit trail stay; the address is kept only as a keyed hash on the suppression list, so it is never e-mailed again.</p>
      <label className="block">Type ERASE to confirm <input value={confirm} onChange={(e) => setConfirm(e.target.value)} className="ml-2 rounded border border-slate-300 px-2 py-1" aria-label="Type ERASE to confirm" /></label>
      <button type="submit" disabled={confirm !== "ERASE" || erase.isPending} className="rounded bg-red-700 px-3 py-1.5 text-white disabled:opacity-50">Erase personal data</button>
      {erase.isError ? <QueryError message={erase.error.message} /> : null}
    </form>
  );
}
