"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { Field, inputClass, num, SettingSection } from "@/components/settings/setting-section";
import { useTRPC } from "../../_trpc/client";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const TIME_ZONES: string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["UTC"];

type Schedule = { timeZone: string; weekday: number; hour: number };

/** Alerts (test alert) and the weekly digest's schedule, on the Settings page. */
export function AlertSettings({ canEdit, schedule, updated, onSave }: {
  canEdit: boolean;
  schedule: Schedule;
  updated?: { at: string; by: string | null } | null;
  onSave: (value: unknown) => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const test = useMutation(trpc.alerts.sendTest.mutationOptions());
  return (
    <>
      <section aria-labelledby="alerts-h" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="setting-alerts">
        <h2 id="alerts-h" className="font-semibold">Alerts</h2>
        <p className="text-sm text-slate-600">
          HOT leads, reviews waiting over 2 h, breakers, automatic pauses and the digest go to Slack when SLACK_WEBHOOK_URL is set, else to the <Link href="/alerts" className="text-indigo-700 hover:underline">Alerts</Link> list.
        </p>
        {canEdit ? (
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm disabled:opacity-50" disabled={test.isPending} onClick={() => test.mutate()}>
              {test.isPending ? "Sending…" : "Send test alert"}
            </button>
            {test.isSuccess ? (
              <span role="status" className="text-sm text-emerald-700" data-testid="test-alert-result">
                {test.data.mode === "live" ? "Test alert queued for Slack." : "Test alert stored (sandbox): see Alerts."}
              </span>
            ) : null}
            {test.error ? <span role="alert" className="text-sm text-red-700">{test.error.message}</span> : null}
          </div>
        ) : null}
      </section>
      <SettingSection
        id="digest" title="Weekly digest" updated={updated} canEdit={canEdit} onSave={onSave}
        description="When the digest of the previous week is written and posted (in this time zone)."
        read={(f) => ({ timeZone: String(f.get("timeZone")), weekday: num(f.get("weekday")), hour: num(f.get("hour")) })}
      >
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
          <Field label="Day">
            <select name="weekday" defaultValue={schedule.weekday} className={inputClass}>{DAYS.map((d, i) => <option key={d} value={i + 1}>{d}</option>)}</select>
          </Field>
          <Field label="From hour"><input name="hour" type="number" min={0} max={23} defaultValue={schedule.hour} className={inputClass} /></Field>
          <Field label="Time zone">
            <select name="timeZone" defaultValue={schedule.timeZone} className={inputClass}>{TIME_ZONES.map((z) => <option key={z}>{z}</option>)}</select>
          </Field>
        </div>
      </SettingSection>
    </>
  );
}
