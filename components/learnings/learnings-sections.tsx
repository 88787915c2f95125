// Presentational pieces of the Learnings page: each conclusion with its evidence and uncertainty.
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
}

const pct = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(100 * x).toFixed(d)} %`);
const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const th = "px-2 py-1 text-left font-medium text-slate-600";
const td = "px-2 py-1 tabular-nums";

export interface ArmRow {
  templateKey: string;
  variantKey: string;
  subject: string;
  sends: number;
  replies: number;
  positives: number;
  meanReward: number | null;
  pPositive: Interval;
  pBest: number;
}

/** "HOT:executive" -> "HOT leads · executives". */
function contextLabel(context: string): string {
  const [tier, persona] = context.split(":");
  return persona ? `${tier} leads · ${persona}s` : context;
}

export function ContextCard({ title, conclusion, sends, arms }: { title: string; conclusion: string; sends: number; arms: ArmRow[] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`context-${title}`}>
      <h3 className="font-semibold">{contextLabel(title)} <span className="text-sm font-normal text-slate-500">· {sends} settled sends</span></h3>
      <p className="mt-1 text-sm" data-testid="conclusion">{conclusion}</p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead><tr><th className={th}>Template / subject</th><th className={th}>Sends</th><th className={th}>Replies</th><th className={th}>Positive</th><th className={th}>Positive per send</th><th className={th}>Chance of a positive reply (90 % range)</th><th className={th}>Chance it is best</th></tr></thead>
          <tbody>
            {arms.map((a) => (
              <tr key={`${a.templateKey}-${a.variantKey}`} className="border-t border-slate-100">
                <td className="px-2 py-1"><span className="font-medium">{a.templateKey}</span> · {a.variantKey} <span className="text-slate-500">“{a.subject}”</span></td>
                <td className={td}>{num(a.sends)}</td>
                <td className={td}>{num(a.replies)}</td>
                <td className={td}>{num(a.positives)}</td>
                <td className={td}>{a.meanReward === null ? "–" : a.meanReward.toFixed(2)}</td>
                <td className={td}>{pct(a.pPositive.mean)} <span className="text-slate-500">({pct(a.pPositive.lo)}–{pct(a.pPositive.hi)})</span></td>
                <td className={td}>{pct(a.pBest, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export interface SendTimeRow {
  persona: string;
  sends: number;
  overall: number;
  best: { label: string; sends: number; replies: number; rate: Interval }[];
}

export function SendTimeTable({ rows }: { rows: SendTimeRow[] }) {
  return (
    <div className="grid gap-4 md:grid-cols-3">
      {rows.map((r) => (
        <section key={r.persona} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`send-time-${r.persona}`}>
          <h3 className="font-semibold capitalize">{r.persona}</h3>
          <p className="text-sm text-slate-500">{r.sends} settled sends · overall reply rate {pct(r.overall)}</p>
          {r.best.length === 0 ? <p className="mt-2 text-sm">No sends yet.</p> : (
            <table className="mt-2 min-w-full text-sm">
              <thead><tr><th className={th}>Hour (local)</th><th className={th}>Sends</th><th className={th}>Reply rate, 90 %</th></tr></thead>
              <tbody>
                {r.best.map((b) => (
                  <tr key={b.label} className="border-t border-slate-100">
                    <td className="px-2 py-1">{b.label}</td>
                    <td className={td}>{b.replies}/{b.sends}</td>
                    <td className={td}>{pct(b.rate.mean)} <span className="text-slate-500">({pct(b.rate.lo)}–{pct(b.rate.hi)})</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}

export interface SignalRow {
  signal: string;
  withSends: number;
  withPositives: number;
  withoutSends: number;
  withoutPositives: number;
  lift: number | null;
  lo: number | null;
  hi: number | null;
  current: number;
  proposed: number;
  verdict: string;
}

export function IcpTable({ rows }: { rows: SignalRow[] }) {
  const f = (x: number | null) => (x === null ? "–" : `${x.toFixed(2)}×`);
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="icp-table">
        <thead><tr><th className={th}>Signal</th><th className={th}>Positive with</th><th className={th}>Positive without</th><th className={th}>Lift, 90 % interval</th><th className={th}>Weight now → proposed</th><th className={th}>Verdict</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.signal} className={`border-t border-slate-100 ${r.proposed !== r.current ? "bg-amber-50" : ""}`}>
              <td className="px-2 py-1 font-medium">{r.signal}</td>
              <td className={td}>{r.withPositives}/{r.withSends}</td>
              <td className={td}>{r.withoutPositives}/{r.withoutSends}</td>
              <td className={td}>{f(r.lift)} <span className="text-slate-500">({f(r.lo)}–{f(r.hi)})</span></td>
              <td className={td}>{r.current} → {r.proposed}</td>
              <td className="px-2 py-1">{r.verdict}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
