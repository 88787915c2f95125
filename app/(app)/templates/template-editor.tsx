"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { CheckList } from "@/components/templates/check-list";
import type { VariantView } from "@/components/templates/variant-table";
import { useTRPC } from "../../_trpc/client";

/** Body editor with a live preview on a real visitor; saving re-runs every check on the server. */
export function TemplateEditor({ template, canEdit, onDone }: { template: { id: string; body: string; variants: VariantView[] }; canEdit: boolean; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [body, setBody] = useState(template.body);
  const [newKey, setNewKey] = useState("");
  const [newSubject, setNewSubject] = useState("");
  const [retire, setRetire] = useState<string[]>([]);
  const active = template.variants.filter((v) => v.active && !retire.includes(v.id));
  const subject = newSubject || active[0]?.subject || "";
  const deferred = useDeferredValue({ body, subject });
  const preview = useQuery(trpc.templates.preview.queryOptions(deferred, { enabled: !!deferred.body && !!deferred.subject }));
  const save = useMutation(trpc.templates.saveVersion.mutationOptions({
    onSuccess: (r) => { if (r.saved) { void qc.invalidateQueries({ queryKey: trpc.templates.list.queryKey() }); onDone(); } },
  }));
  const result = save.data;
  return (
    <div className="mt-3 grid gap-4 lg:grid-cols-2" data-testid="template-editor">
      <div className="space-y-3">
        <label className="block text-sm font-medium">Body (Liquid; grounded variables only)
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={14} disabled={!canEdit} className="mt-1 w-full rounded border border-slate-300 p-2 font-mono text-xs" />
        </label>
        {canEdit ? (
          <>
            <fieldset className="space-y-1 text-sm">
              <legend className="font-medium">Retire subject variants</legend>
              {template.variants.filter((v) => v.active).map((v) => (
                <label key={v.id} className="flex items-center gap-2"><input type="checkbox" checked={retire.includes(v.id)} onChange={(e) => setRetire((r) => (e.target.checked ? [...r, v.id] : r.filter((x) => x !== v.id)))} />{v.key}: {v.subject}</label>
              ))}
            </fieldset>
            <div className="grid grid-cols-[5rem_1fr] gap-2 text-sm">
              <label>New key<input value={newKey} onChange={(e) => setNewKey(e.target.value.toUpperCase())} placeholder="C" className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
              <label>New subject variant<input value={newSubject} onChange={(e) => setNewSubject(e.target.value)} className="mt-1 w-full rounded border border-slate-300 px-2 py-1" /></label>
            </div>
            <div className="flex gap-2">
              <button
                type="button"
                disabled={save.isPending}
                className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
                onClick={() => save.mutate({ templateId: template.id, body, addVariants: newKey && newSubject ? [{ key: newKey, subject: newSubject }] : [], deactivateVariantIds: retire })}
              >
                {save.isPending ? "Checking…" : "Save as new version"}
              </button>
              <button type="button" onClick={onDone} className="rounded border border-slate-300 px-3 py-1.5 text-sm">Cancel</button>
            </div>
            {save.error ? <p role="alert" className="text-sm text-red-700">{save.error.message}</p> : null}
            {result && !result.saved ? (
              <div role="alert" className="rounded border border-red-200 bg-red-50 p-2 text-sm text-red-800">
                Not saved: {result.error}
                <CheckList checks={result.checks} />
              </div>
            ) : null}
          </>
        ) : null}
      </div>
      <div className="space-y-2" aria-live="polite">
        <p className="text-sm font-medium">Preview {preview.data?.visitor ? `on ${preview.data.visitor.label}` : ""}</p>
        {preview.isPending ? <p className="text-sm text-slate-500">Rendering…</p> : preview.isError ? <p className="text-sm text-red-700">{preview.error.message}</p> : (
          <>
            {preview.data.error ? <p className="text-sm text-red-700">{preview.data.error}</p> : null}
            <p className="font-medium" data-testid="preview-subject">{preview.data.subject}</p>
            <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-3 font-sans text-sm" data-testid="preview-text">{preview.data.text}</pre>
            <CheckList checks={preview.data.checks} />
          </>
        )}
      </div>
    </div>
  );
}
