"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ScoringSettings, type ScoringValues } from "@/components/settings/scoring-settings";
import { Field, inputClass, lines, num, SettingSection } from "@/components/settings/setting-section";
import { UsersTable } from "@/components/settings/users-table";
import { PageHeader } from "@/components/ui/page-header";
import { QueryError } from "@/components/ui/query-error";
import { PHASE_LABEL, PHASES } from "@/server/domain/phases";
import { useTRPC, useTRPCClient } from "../../_trpc/client";
import { canApprove, useCurrentUser } from "../../_trpc/current-user";
import { AlertSettings } from "./alert-settings";
import { AutomationSettings } from "./automation-settings";
import { KillSwitches } from "./kill-switches";
import { PhaseSummary, SendingDomains } from "./sending-domains";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

type Values = Record<string, unknown> & ScoringValues & {
  phaseDailyLimits: Record<string, number>;
  sendingWindow: { timeZone: string; startHour: number; endHour: number; days: number[] };
  emailSignature: string;
  fullMediumDelaySeconds: number;
  sendTimeOptimisation: { enabled: boolean; maxDelayHours: number };
  callPrepDryRun: boolean;
  callPrepFields: { brief: string; talkingPoints: string; score: string; link: string };
  enrichmentBackfill: { batchSize: number; maxAttempts: number };
};

export function SettingsView() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const user = useCurrentUser();
  const edit = canApprove(user);
  const q = useQuery(trpc.settings.editable.queryOptions());
  const integrations = useQuery(trpc.settings.integrations.queryOptions());
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: user.role === "ADMIN" });
  const updateUser = useMutation(trpc.users.update.mutationOptions({ onSettled: () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() }) }));
  const save = (key: string) => async (value: unknown) => {
    await client.settings.update.mutate({ key: key as "icp", value });
    await qc.invalidateQueries({ queryKey: trpc.settings.editable.queryKey() });
  };
  const saveMany = async (entries: { key: string; value: unknown }[]) => {
    await client.settings.updateMany.mutate({ entries: entries as { key: "icp"; value: unknown }[] });
    await qc.invalidateQueries({ queryKey: trpc.settings.editable.queryKey() });
  };

  if (q.isPending) return <p className="text-sm text-slate-500">Loading settings…</p>;
  if (q.isError) return <QueryError message={`Could not load settings: ${q.error.message}`} />;
  const v = q.data.values as Values;
  const hard = q.data.hardLimits;
  const u = q.data.updated;

  return (
    <>
      <PageHeader title="Settings" description={edit ? "Changes take effect at once and are recorded in the audit trail." : "Read only: your role cannot change settings."} />
      <div className="space-y-4">
        <KillSwitches canEdit={edit} />
        <PhaseSummary />
        <SendingDomains canEdit={edit} />
        <AlertSettings canEdit={edit} schedule={v.digestSchedule as { timeZone: string; weekday: number; hour: number }} updated={u.digestSchedule} onSave={save("digestSchedule")} />

        <SettingSection
          id="limits" title="Send limits" updated={u.phaseDailyLimits} canEdit={edit} onSave={save("phaseDailyLimits")}
          description={`Hard limits, never exceeded: ${hard.monthly}/month, ${hard.daily}/day, ${hard.hourly}/hour, ${hard.perDomainHourly} per recipient domain per hour, ${hard.minSecondsBetweenSends}s between sends. Each phase's daily limit sits under them.`}
          read={(f) => Object.fromEntries(PHASES.map((p) => [p, num(f.get(p))]))}
        >
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {PHASES.map((p) => (
              <Field key={p} label={PHASE_LABEL[p]} hint={`max ${hard.daily}`}>
                <input name={p} type="number" min={0} max={hard.daily} required defaultValue={v.phaseDailyLimits[p]} className={inputClass} />
              </Field>
            ))}
          </div>
        </SettingSection>

        <SettingSection
          id="window" title="Sending window" updated={u.sendingWindow} canEdit={edit} onSave={save("sendingWindow")}
          description="Business hours in the recipient's time zone when known, else this one. No sends outside it."
          read={(f) => ({ timeZone: String(f.get("timeZone")), startHour: num(f.get("startHour")), endHour: num(f.get("endHour")), days: f.getAll("days").map(Number) })}
        >
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
            <Field label="Time zone">
              <select name="timeZone" defaultValue={v.sendingWindow.timeZone} className={inputClass}>{TIME_ZONES.map((z) => <option key={z}>{z}</option>)}</select>
            </Field>
            <Field label="From hour"><input name="startHour" type="number" min={0} max={23} defaultValue={v.sendingWindow.startHour} className={inputClass} /></Field>
            <Field label="Until hour"><input name="endHour" type="number" min={1} max={24} defaultValue={v.sendingWindow.endHour} className={inputClass} /></Field>
          </div>
          <div className="flex flex-wrap gap-3 text-sm">
            {DAYS.map((d, i) => (
              <label key={d} className="flex items-center gap-1"><input type="checkbox" name="days" value={i + 1} defaultChecked={v.sendingWindow.days.includes(i + 1)} />{d}</label>
            ))}
          </div>
        </SettingSection>

        <SettingSection
          id="medium-delay" title="Full autonomy: MEDIUM delay" updated={u.fullMediumDelaySeconds} canEdit={edit} onSave={save("fullMediumDelaySeconds")}
          description="In the full phase, a MEDIUM lead without a warm connection waits this long in the inbox before it is sent on its own, so a person can step in."
          read={(f) => Math.round(num(f.get("delayMinutes")) * 60)}
        >
          <Field label="Delay (minutes)" hint="1 minute to 7 days">
            <input name="delayMinutes" type="number" min={1} max={7 * 24 * 60} step="any" required defaultValue={v.fullMediumDelaySeconds / 60} className={inputClass} />
          </Field>
        </SettingSection>

        <SettingSection id="excluded" title="Excluded domains" updated={u.excludedDomains} canEdit={edit} onSave={save("excludedDomains")} description="Competitors and customers: never e-mailed, never drafted." read={(f) => lines(f.get("domains")).map((d) => d.toLowerCase())}>
          <Field label="Domains (one per line)"><textarea name="domains" rows={4} defaultValue={v.excludedDomains.join("\n")} className={inputClass} /></Field>
        </SettingSection>

        <ScoringSettings
          initial={v}
          canEdit={edit}
          onSave={(s) => saveMany(Object.entries(s).map(([key, value]) => ({ key, value }))).then(() => undefined)}
        />

        <AutomationSettings canEdit={edit} values={v} updated={u} save={save} saveMany={saveMany} />

        <SettingSection id="signature" title="E-mail signature" updated={u.emailSignature} canEdit={edit} onSave={save("emailSignature")} description="Appended by the server to every e-mail, above the compliance footer." read={(f) => String(f.get("signature") ?? "")}>
          <Field label="Signature"><textarea name="signature" rows={3} defaultValue={v.emailSignature} className={inputClass} /></Field>
        </SettingSection>

        <section aria-labelledby="int-h" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="int-h" className="font-semibold">Integrations</h2>
          {integrations.isPending ? <p className="text-sm text-slate-500">Loading…</p> : integrations.isError ? <QueryError message={integrations.error.message} /> : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {integrations.data.map((i) => (
                <li key={i.service} className="flex flex-wrap gap-x-4 py-2" data-testid={`integration-${i.service}`}>
                  <span className="w-16 font-medium uppercase">{i.service}</span>
                  <span>{i.mode === "sandbox" ? "Sandbox (nothing leaves this machine)" : "Live"}</span>
                  {i.breaker ? <span>breaker {i.breaker.toLowerCase()}</span> : null}
                  <span className="text-slate-500">last success {i.lastSuccessAt ? new Date(i.lastSuccessAt).toLocaleString() : "never"}</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        {user.role === "ADMIN" ? (
          <section aria-labelledby="users-h" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="users-h" className="font-semibold">Users and roles</h2>
            {updateUser.error ? <p role="alert" className="text-sm text-red-700">{updateUser.error.message}</p> : null}
            {users.isPending ? <p className="text-sm text-slate-500">Loading…</p> : users.isError ? <QueryError message={users.error.message} /> : (
              <UsersTable users={users.data} busy={updateUser.isPending} onChange={(id, patch) => updateUser.mutate({ id, ...patch })} />
            )}
          </section>
        ) : null}
      </div>
    </>
  );
}
