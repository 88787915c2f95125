"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PendingItem } from "@/components/inbox/pending-item";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useSignedOut, useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";
import { TestVisitorPanel } from "./test-visitor-panel";

export default function InboxPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const signedOut = useSignedOut();
  const pending = useQuery(trpc.approvals.pending.queryOptions({ limit: 25 }));
  const overview = useQuery(trpc.settings.overview.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const onSettled = () => qc.invalidateQueries({ queryKey: trpc.approvals.pending.queryKey() });
  const approve = useMutation(trpc.approvals.approve.mutationOptions({ onSettled, onError: (e) => setNotice(e.message) }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions({ onSettled, onError: (e) => setNotice(e.message) }));

  const paused = overview.data?.killSwitches.PAUSE_ALL_SENDS.on;
  let body;
  if (signedOut) body = <EmptyState title="You are signed out">Sign in again to see the drafts waiting for review.</EmptyState>;
  else if (pending.isPending) body = <p className="text-sm text-slate-500">Loading drafts…</p>;
  else if (pending.isError) body = <QueryError message={`Could not load the inbox: ${pending.error.message}`} />;
  else if (pending.data.items.length === 0)
    body = (
      <EmptyState title="Nothing waiting for review">
        {paused ? "Sending is paused (PAUSE_ALL_SENDS), and no drafts are waiting." : "No drafts are waiting for a decision right now."}
      </EmptyState>
    );
  else
    body = (
      <ul className="space-y-3">
        {pending.data.items.map((item) => (
          <PendingItem
            key={item.id}
            item={item}
            actions={
              canApprove(user) ? (
                <>
                  <button
                    type="button"
                    className="rounded bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
                    disabled={approve.isPending}
                    onClick={() => approve.mutate({ draftId: item.id, version: item.version })}
                  >
                    Approve
                  </button>
                  <button
                    type="button"
                    className="rounded border border-slate-300 px-3 py-1.5 text-sm font-medium disabled:opacity-50"
                    disabled={reject.isPending}
                    onClick={() => reject.mutate({ draftId: item.id, version: item.version, reasonTag: "OTHER" })}
                  >
                    Reject
                  </button>
                </>
              ) : null
            }
          />
        ))}
      </ul>
    );

  return (
    <>
      <PageHeader
        title="Inbox"
        description={pending.data ? `${pending.data.total} draft${pending.data.total === 1 ? "" : "s"} awaiting review` : "Drafts awaiting review"}
      />
      {canApprove(user) ? <TestVisitorPanel /> : null}
      {notice ? (
        <p role="status" className="mb-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm">{notice}</p>
      ) : null}
      {body}
    </>
  );
}
