"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";

const SWITCHES: Record<string, { label: string; help: string; offMeans: string }> = {
  PAUSE_ALL_SENDS: { label: "Pause all sending", help: "Nothing is sent.", offMeans: "E-mails start going out again, approved ones waiting first." },
  SHADOW_MODE_OVERRIDE: { label: "Shadow mode", help: "Everything runs, nothing leaves: sends are recorded as shadow.", offMeans: "Sends go to GHL again (real e-mail when GHL is live)." },
  REQUIRE_MANUAL_APPROVAL: { label: "Require manual approval", help: "Nothing is auto-approved.", offMeans: "The phase's automatic approvals resume." },
};

export function KillSwitches({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useQuery(trpc.settings.overview.queryOptions());
  // Turning a switch off lets the system do more (send, auto-approve): it asks once more, in place.
  const [confirming, setConfirming] = useState<string | null>(null);
  const setSwitch = useMutation(trpc.settings.setKillSwitch.mutationOptions({
    onSuccess: () => qc.invalidateQueries({ queryKey: trpc.settings.overview.queryKey() }),
    onSettled: () => setConfirming(null),
  }));
  if (overview.isPending) return <p className="text-sm text-slate-500">Loading kill switches…</p>;
  if (overview.isError) return <QueryError message={`Could not load kill switches: ${overview.error.message}`} />;
  const { killSwitches } = overview.data;
  return (
    <section aria-labelledby="ks" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="ks" className="mb-3 font-semibold">Kill switches</h2>
      {setSwitch.isError ? <p role="alert" className="mb-2 rounded bg-red-50 p-2 text-sm text-red-800">Could not change the switch: {setSwitch.error.message}</p> : null}
      <ul className="divide-y divide-slate-100">
        {Object.entries(killSwitches).map(([name, s]) => {
          const meta = SWITCHES[name] ?? { label: name, help: "", offMeans: "" };
          const toggle = () => setSwitch.mutate({ name: name as keyof typeof killSwitches, on: !s.on });
          return (
            <li key={name} className="flex flex-wrap items-center gap-3 py-3" data-testid={`kill-switch-${name}`}>
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium">{meta.label} <span className="font-mono text-xs font-normal text-slate-500">{name}</span></p>
                <p className="text-xs text-slate-600">
                  {meta.help} {s.forced ? "Forced on by the environment." : s.by ? `Last set by ${s.by} at ${new Date(s.at ?? "").toLocaleString()}.` : ""}
                </p>
              </div>
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${s.on ? "bg-red-100 text-red-800" : "bg-slate-100 text-slate-700"}`}>{s.on ? "ON" : "OFF"}</span>
              {canEdit && !s.forced ? (
                confirming === name ? (
                  <span className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label={`Confirm turning ${meta.label} off`}>
                    <span className="text-slate-700">{meta.offMeans}</span>
                    <button type="button" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white" disabled={setSwitch.isPending} onClick={toggle}>Yes, turn it off</button>
                    <button type="button" className="rounded border border-slate-300 px-3 py-1" onClick={() => setConfirming(null)}>Cancel</button>
                  </span>
                ) : (
                  <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm" disabled={setSwitch.isPending} onClick={() => (s.on ? setConfirming(name) : toggle())}>
                    Turn {s.on ? "off" : "on"}
                  </button>
                )
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
