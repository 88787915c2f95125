"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { VariantTable } from "@/components/templates/variant-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";
import { TemplateEditor } from "./template-editor";

export function TemplatesView() {
  const trpc = useTRPC();
  const user = useCurrentUser();
  const q = useQuery(trpc.templates.list.queryOptions());
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <PageHeader title="Templates" description="Each save is a new version after the quality checks pass on a real visitor; sent e-mails keep pointing at the version they used." />
      {q.isPending ? <p className="text-sm text-slate-500">Loading templates…</p> : q.isError ? <QueryError message={q.error.message} /> : q.data.length === 0 ? (
        <EmptyState title="No templates yet">Run <code>npm run db:seed</code> to create the default templates.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {q.data.map((t) => (
            <li key={t.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`template-${t.key}`}>
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="font-semibold">{t.name}</h2>
                <span className="rounded bg-slate-100 px-2 py-0.5 text-xs">{t.tier} · {t.angle} · v{t.version}</span>
                {t.flaggedAt ? <span className="rounded bg-red-100 px-2 py-0.5 text-xs text-red-800">Flagged: {t.flagReason ?? "negative outcomes"}</span> : null}
                {!t.active ? <span className="rounded bg-slate-200 px-2 py-0.5 text-xs">inactive</span> : null}
                <button type="button" onClick={() => setEditing(editing === t.id ? null : t.id)} className="ml-auto rounded border border-slate-300 px-3 py-1 text-sm">
                  {editing === t.id ? "Close" : canApprove(user) ? "Edit" : "Preview"}
                </button>
              </div>
              <VariantTable variants={t.variants} />
              {editing === t.id ? <TemplateEditor template={t} canEdit={canApprove(user)} onDone={() => setEditing(null)} /> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
