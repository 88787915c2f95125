export function formatValue(format: string, v: number | null): string {
  if (v === null) return "no data";
  switch (format) {
    case "percent":
      return `${(v * 100).toFixed(1)} %`;
    case "score5":
      return `${v.toFixed(2)} / 5`;
    case "currency":
      return `$${Math.round(v).toLocaleString("en-US")}`;
    case "score100":
      return `${Math.round(v)} / 100`;
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(1);
  }
}
