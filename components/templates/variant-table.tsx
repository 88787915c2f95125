export interface VariantView {
  id: string;
  key: string;
  subject: string;
  active: boolean;
  sent: number;
  replied: number;
  positive: number;
  meetings: number;
}

const pct = (n: number, d: number) => (d ? `${((n / d) * 100).toFixed(1)} %` : "—");

export function VariantTable({ variants }: { variants: VariantView[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr><th className="p-2">Variant</th><th className="p-2">Subject</th><th className="p-2 text-right">Sent</th><th className="p-2 text-right">Replied</th><th className="p-2 text-right">Positive</th><th className="p-2 text-right">Meetings</th></tr>
        </thead>
        <tbody>
          {variants.map((v) => (
            <tr key={v.id} className={`border-t border-slate-100 ${v.active ? "" : "text-slate-400"}`}>
              <td className="p-2 font-mono">{v.key}{v.active ? "" : " (retired)"}</td>
              <td className="p-2">{v.subject}</td>
              <td className="p-2 text-right">{v.sent}</td>
              <td className="p-2 text-right">{pct(v.replied, v.sent)}</td>
              <td className="p-2 text-right">{pct(v.positive, v.sent)}</td>
              <td className="p-2 text-right">{v.meetings}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
