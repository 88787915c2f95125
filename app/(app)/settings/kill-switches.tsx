"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { QueryError } from "@/components/ui/query-error";
import { useTRPC } from "../../_trpc/client";

const SWITCH_HELP: Record<string, string> = {
  PAUSE_ALL_SENDS: "Nothing is sent.",
  SHADOW_MODE_OVERRIDE: "Everything runs, nothing leaves: sends are recorded as shadow.",
  REQUIRE_MANUAL_APPROVAL: "Nothing is auto-approved.",
};

export function KillSwitches({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useQuery(trpc.settings.overview.queryOptions());
  const setSwitch = useMutation(trpc.settings.setKillSwitch.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.settings.overview.queryKey() }) }));
  if (overview.isPending) return <p className="text-sm text-slate-500">Loading kill switches…</p>;
  if (overview.isError) return <QueryError message={`Could not load kill switches: ${overview.error.message}`} />;
  const { killSwitches } = overview.data;
  return (
    <section aria-labelledby="ks" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="ks" className="mb-3 font-semibold">Kill switches</h2>
      <ul className="divide-y divide-slate-100">
        {Object.entries(killSwitches).map(([name, s]) => (
          <li key={name} className="flex flex-wrap items-center gap-3 py-3" data-testid={`kill-switch-${name}`}>
            <div className="min-w-0 flex-1">
              <p className="font-mono text-sm">{name}</p>
              <p className="text-xs text-slate-600">
                {SWITCH_HELP[name]} {s.forced ? "Forced on by the environment." : s.by ? `Last set by ${s.by} at ${new Date(s.at ?? "").toLocaleString()}.` : ""}
              </p>
            </div>
            <span className={`rounded px-2 py-0.5 text-xs font-medium ${s.on ? "bg-red-100 text-red-800" : "bg-slate-100 text-slate-700"}`}>{s.on ? "ON" : "OFF"}</span>
            {canEdit && !s.forced ? (
              <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm" disabled={setSwitch.isPending} onClick={() => setSwitch.mutate({ name: name as keyof typeof killSwitches, on: !s.on })}>
                Turn {s.on ? "off" : "on"}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
