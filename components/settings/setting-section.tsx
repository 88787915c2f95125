"use client";

import { useState, type FormEvent, type ReactNode } from "react";

/**
 * A settings card with its own form: `read` turns the form into the setting's value, `onSave`
 * stores it. Read-only (no save button, inputs disabled) for people who cannot change settings.
 */
export function SettingSection({
  id, title, description, updated, canEdit, onSave, read, children,
}: {
  id: string;
  title: string;
  description?: string;
  updated?: { at: string; by: string | null } | null;
  canEdit: boolean;
  onSave: (value: unknown) => Promise<unknown>;
  read: (form: FormData) => unknown;
  children: ReactNode;
}) {
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" | "error"; message?: string }>({ kind: "idle" });
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setState({ kind: "saving" });
    try {
      await onSave(read(new FormData(e.currentTarget)));
      setState({ kind: "saved" });
    } catch (err) {
      setState({ kind: "error", message: (err as Error).message });
    }
  }
  return (
    <section aria-labelledby={`${id}-h`} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`setting-${id}`}>
      <h2 id={`${id}-h`} className="font-semibold">{title}</h2>
      {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      <form onSubmit={submit} className="mt-3 space-y-3">
        <fieldset disabled={!canEdit || state.kind === "saving"} className="space-y-3">{children}</fieldset>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50" disabled={state.kind === "saving"}>
              {state.kind === "saving" ? "Saving…" : "Save"}
            </button>
            {state.kind === "saved" ? <span role="status" className="text-sm text-emerald-700">Saved.</span> : null}
            {state.kind === "error" ? <span role="alert" className="text-sm text-red-700">{state.message}</span> : null}
          </div>
        ) : null}
        {updated ? <p className="text-xs text-slate-500">Last changed {new Date(updated.at).toLocaleString()}</p> : null}
      </form>
    </section>
  );
}

export const lines = (v: FormDataEntryValue | null) => String(v ?? "").split(/\r?\n|,/).map((s) => s.trim()).filter(Boolean);
export const num = (v: FormDataEntryValue | null) => Number(v);

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="block text-sm">
      <span className="font-medium">{label}</span>
      {children}
      {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
    </label>
  );
}

export const inputClass = "mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm disabled:bg-slate-50";
