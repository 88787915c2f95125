"use client";

import Link from "next/link";
import { Field, inputClass, num, SettingSection } from "@/components/settings/setting-section";

type Updated = { at: string; by: string | null } | null | undefined;
type CallPrepFields = { brief: string; talkingPoints: string; score: string; link: string };

const FIELD_LABELS: [keyof CallPrepFields, string][] = [
  ["brief", "Brief"], ["talkingPoints", "Talking points"], ["score", "Score"], ["link", "Dashboard link"],
];

/**
 * Settings of what the system does on its own: send-time optimisation (the learner), call prep
 * (dry run and the GHL fields written) and the enrichment backfill. Each card saves all its
 * values at once; the server validates them and writes all or nothing.
 */
export function AutomationSettings({ canEdit, values, updated, save, saveMany }: {
  canEdit: boolean;
  values: {
    sendTimeOptimisation: { enabled: boolean; maxDelayHours: number };
    callPrepDryRun: boolean;
    callPrepFields: CallPrepFields;
    enrichmentBackfill: { batchSize: number; maxAttempts: number };
  };
  updated: Record<string, Updated>;
  save: (key: string) => (value: unknown) => Promise<unknown>;
  saveMany: (entries: { key: string; value: unknown }[]) => Promise<unknown>;
}) {
  const sto = values.sendTimeOptimisation;
  const later = (a: Updated, b: Updated) => (!a ? b : !b ? a : a.at > b.at ? a : b);
  return (
    <>
      <SettingSection
        id="send-time" title="Send-time optimisation" updated={updated.sendTimeOptimisation} canEdit={canEdit} onSave={save("sendTimeOptimisation")}
        description="Auto-sends may wait for an hour of the week that has clearly done better for the recipient's persona, inside the sending window and at most this long. See Learnings for the evidence."
        read={(f) => ({ enabled: f.get("enabled") === "on", maxDelayHours: num(f.get("maxDelayHours")) })}
      >
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={sto.enabled} /> Wait for a better send time
        </label>
        <Field label="Longest wait (hours)" hint="1 to 72 hours">
          <input name="maxDelayHours" type="number" inputMode="numeric" min={1} max={72} step={1} required defaultValue={sto.maxDelayHours} className={inputClass} />
        </Field>
      </SettingSection>

      <SettingSection
        id="call-prep" title="Call prep" updated={later(updated.callPrepDryRun, updated.callPrepFields)} canEdit={canEdit}
        onSave={async (v) => {
          // Only what changed: saving the field keys must not write back a dry-run value that the
          // Call prep page changed since this page loaded (and the reverse).
          const { dryRun, fields } = v as { dryRun: boolean; fields: CallPrepFields };
          const entries = [
            ...(dryRun !== values.callPrepDryRun ? [{ key: "callPrepDryRun", value: dryRun }] : []),
            ...(JSON.stringify(fields) !== JSON.stringify(values.callPrepFields) ? [{ key: "callPrepFields", value: fields }] : []),
          ];
          if (entries.length > 0) await saveMany(entries);
        }}
        description="When a meeting is booked, a brief is prepared for the call. In dry run it is only shown on the Call prep page; otherwise it is also written to these GHL contact fields (create them as large-text fields in GHL)."
        read={(f) => ({
          dryRun: f.get("dryRun") === "on",
          fields: Object.fromEntries(FIELD_LABELS.map(([k]) => [k, String(f.get(k) ?? "").trim()])),
        })}
      >
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="dryRun" defaultChecked={values.callPrepDryRun} /> Dry run: prepare briefs without writing to GHL
        </label>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {FIELD_LABELS.map(([k, label]) => (
            // No pattern attribute: the server's message says what a GHL field key looks like.
            <Field key={k} label={`${label} field`}>
              <input name={k} required maxLength={100} autoCapitalize="none" autoCorrect="off" spellCheck={false} defaultValue={values.callPrepFields[k]} className={`${inputClass} font-mono`} />
            </Field>
          ))}
        </div>
        <p className="text-xs text-slate-500">Briefs so far: <Link href="/call-prep" className="text-indigo-700 hover:underline">Call prep</Link>.</p>
      </SettingSection>

      <SettingSection
        id="backfill" title="Enrichment backfill" updated={updated.enrichmentBackfill} canEdit={canEdit} onSave={save("enrichmentBackfill")}
        description="Visitors still missing enrichment are sent to Clay again every 15 minutes: this many per run, and a visitor is given up on after this many attempts."
        read={(f) => ({ batchSize: num(f.get("batchSize")), maxAttempts: num(f.get("maxAttempts")) })}
      >
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          <Field label="Visitors per run" hint="1 to 200">
            <input name="batchSize" type="number" inputMode="numeric" min={1} max={200} step={1} required defaultValue={values.enrichmentBackfill.batchSize} className={inputClass} />
          </Field>
          <Field label="Attempts per visitor" hint="1 to 20">
            <input name="maxAttempts" type="number" inputMode="numeric" min={1} max={20} step={1} required defaultValue={values.enrichmentBackfill.maxAttempts} className={inputClass} />
          </Field>
        </div>
      </SettingSection>
    </>
  );
}
