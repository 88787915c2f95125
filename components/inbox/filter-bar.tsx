export interface InboxFilter {
  tier?: "HOT" | "MEDIUM" | "LOW";
  warm?: boolean;
  age?: "lt1h" | "lt24h" | "gt24h";
  templateId?: string;
}

export interface QueueCounts {
  all: number;
  HOT: number;
  MEDIUM: number;
  LOW: number;
  warm: number;
  snoozed: number;
}

const chip = (on: boolean) =>
  `rounded-full border px-3 py-1 text-sm ${on ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300 bg-white text-slate-700"}`;

/** Quick chips (All / HOT / WARM) and selects for tier, age and template, each with its count. */
export function FilterBar({ filter, counts, templates, onChange }: {
  filter: InboxFilter;
  counts: QueueCounts | undefined;
  templates: { id: string; name: string }[];
  onChange: (f: InboxFilter) => void;
}) {
  const n = (k: keyof QueueCounts) => (counts ? ` (${counts[k]})` : "");
  const none = !filter.tier && !filter.warm && !filter.age && !filter.templateId;
  return (
    <div className="mb-4 space-y-2" role="group" aria-label="Filters">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={chip(none)} aria-pressed={none} onClick={() => onChange({})}>All{n("all")}</button>
        <button type="button" className={chip(filter.tier === "HOT")} aria-pressed={filter.tier === "HOT"} onClick={() => onChange({ ...filter, tier: filter.tier === "HOT" ? undefined : "HOT" })}>HOT{n("HOT")}</button>
        <button type="button" className={chip(!!filter.warm)} aria-pressed={!!filter.warm} onClick={() => onChange({ ...filter, warm: filter.warm ? undefined : true })}>WARM{n("warm")}</button>
        {counts && counts.snoozed > 0 ? <span className="self-center text-xs text-slate-500">{counts.snoozed} snoozed (hidden until their time)</span> : null}
      </div>
      <div className="flex flex-wrap gap-2 text-sm">
        <label className="flex items-center gap-1">Tier
          <select className="rounded border border-slate-300 px-2 py-1" value={filter.tier ?? ""} onChange={(e) => onChange({ ...filter, tier: (e.target.value || undefined) as InboxFilter["tier"] })}>
            <option value="">any</option>
            <option value="HOT">HOT{n("HOT")}</option>
            <option value="MEDIUM">MEDIUM{n("MEDIUM")}</option>
            <option value="LOW">LOW{n("LOW")}</option>
          </select>
        </label>
        <label className="flex items-center gap-1">Waiting
          <select className="rounded border border-slate-300 px-2 py-1" value={filter.age ?? ""} onChange={(e) => onChange({ ...filter, age: (e.target.value || undefined) as InboxFilter["age"] })}>
            <option value="">any time</option>
            <option value="lt1h">under 1 hour</option>
            <option value="lt24h">under 24 hours</option>
            <option value="gt24h">over 24 hours</option>
          </select>
        </label>
        <label className="flex items-center gap-1">Template
          <select className="max-w-[12rem] rounded border border-slate-300 px-2 py-1" value={filter.templateId ?? ""} onChange={(e) => onChange({ ...filter, templateId: e.target.value || undefined })}>
            <option value="">any</option>
            {templates.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
          </select>
        </label>
      </div>
    </div>
  );
}
