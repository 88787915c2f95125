import { CLAY_CALLBACK_SECRET_HEADER, ClayError, type ClayClient, type ClayRow } from "./clay.types";

export interface SandboxOptions {
  secret: string;
  delayMs: number;
  /** 0..1: share of pushes that fail with a 503, as an outage would. */
  failureRate: number;
  random?: () => number;
  fetch?: typeof fetch;
  onCallbackError?: (e: unknown) => void;
}

const INDUSTRIES = ["Computer Software", "Internet", "Information Technology & Services", "Financial Services", "Marketing & Advertising"];
const SIZES = ["11-50", "51-200", "201-500", "501-1,000"];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h;
}

/** Deterministic, plausible enrichment for a row (sandbox only: nothing leaves the machine). */
export function sandboxEnrichment(row: ClayRow): Record<string, unknown> {
  const h = hash(row.companyDomain ?? row.companyName ?? row.requestId);
  const company = row.companyName ?? row.companyDomain ?? "the company";
  const domain = row.companyDomain;
  const email = row.email ?? (row.firstName && row.lastName && domain ? `${row.firstName}.${row.lastName}@${domain}`.toLowerCase() : null);
  return {
    email,
    title: row.title ?? "Director of Operations",
    companyName: company,
    companyDomain: domain,
    industry: INDUSTRIES[h % INDUSTRIES.length],
    employeeCount: SIZES[h % SIZES.length],
    companyDescription: `${company} helps mid-market teams run their operations on one platform.`,
    technologies: ["HubSpot", "Salesforce", "Segment"].slice(0, 1 + (h % 3)),
  };
}

/**
 * Sandbox Clay: accepts the push like Clay would, then after a realistic delay posts the result to
 * the row's callbackUrl — the app's real callback route — with the shared secret. A configurable
 * share of pushes fails with 503 so breakers, fallbacks and backfill can be seen working.
 */
export function createSandboxClay(opts: SandboxOptions): ClayClient {
  const random = opts.random ?? Math.random;
  const doFetch = opts.fetch ?? fetch;
  return {
    mode: "sandbox",
    async push(row: ClayRow) {
      if (random() < opts.failureRate) throw new ClayError("HTTP", "Clay answered 503 (sandbox failure)", 503);
      const jitter = Math.round(opts.delayMs * 0.3 * random());
      const timer = setTimeout(() => {
        doFetch(row.callbackUrl, {
          method: "POST",
          headers: { "content-type": "application/json", [CLAY_CALLBACK_SECRET_HEADER]: opts.secret },
          body: JSON.stringify({ requestId: row.requestId, status: "ok", data: sandboxEnrichment(row) }),
          signal: AbortSignal.timeout(10_000),
        })
          .then((r) => r.arrayBuffer())
          .catch((e) => opts.onCallbackError?.(e));
      }, opts.delayMs + jitter);
      timer.unref?.();
    },
  };
}
