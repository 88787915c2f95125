"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../../_trpc/client";

const DONE = new Set(["PENDING_REVIEW", "SENT", "DROPPED", "REJECTED", "FAILED"]);

/** Sends a made-up visitor through the real pipeline (sandbox only) and shows where it is. */
export function TestVisitorPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [visitorId, setVisitorId] = useState<string | null>(null);
  // The panel is lazy-loaded: until this client code runs, the server-rendered button has no click
  // handler, so it stays disabled rather than swallowing a click.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const send = useMutation(trpc.pipeline.sendTestVisitor.mutationOptions({ onSuccess: (r) => setVisitorId(r.visitorId) }));
  const p = useQuery({
    ...trpc.pipeline.testVisitorProgress.queryOptions({ visitorId: visitorId ?? "" }),
    enabled: !!visitorId,
    refetchInterval: (q) => {
      const status = q.state.data?.draft?.status;
      if (status && DONE.has(status)) {
        void qc.invalidateQueries({ queryKey: trpc.approvals.pending.pathKey() });
        return false;
      }
      return 1000;
    },
  });
  const steps = p.data
    ? [
        ["Received", "yes"],
        ["Scored", p.data.scored ?? "…"],
        ["Enrichment", p.data.enrichment.toLowerCase()],
        ["Draft", p.data.draft ? `${p.data.draft.status.toLowerCase().replace("_", " ")}${p.data.draft.recommendation ? ` (system: ${p.data.draft.recommendation.toLowerCase()})` : ""}` : "…"],
        ["Send", p.data.send ? `${p.data.send.status.toLowerCase()} (${p.data.send.mode.toLowerCase()})` : "—"],
      ]
    : [];
  return (
    <div className="mb-4 rounded-lg border border-dashed border-indigo-300 bg-white p-3 text-sm" data-testid="test-visitor">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" disabled={!hydrated || send.isPending} onClick={() => send.mutate()} className="rounded border border-indigo-300 px-3 py-1 text-indigo-700">
          {send.isPending ? "Sending…" : "Send a test visitor"}
        </button>
        <span className="text-slate-600">A made-up HOT lead goes through intake, scoring, enrichment and drafting (sandbox only).</span>
      </div>
      {send.error ? <p role="alert" className="mt-2 text-red-700">{send.error.message}</p> : null}
      {steps.length ? (
        <ol className="mt-2 flex flex-wrap gap-x-4 gap-y-1" aria-live="polite">
          {steps.map(([label, value]) => <li key={label}><span className="text-slate-500">{label}:</span> <span data-testid={`test-visitor-${label.toLowerCase()}`}>{value}</span></li>)}
        </ol>
      ) : null}
    </div>
  );
}
