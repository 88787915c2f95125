/**
 * Intent scoring (DESIGN.md §3 step 2): a 0–100 score with an itemised breakdown, a tier and a
 * WARM flag. Pure: every weight, page signal, warm connection and ICP rule comes in as config
 * (the settings registry holds the defaults), so tuning never needs a code change.
 */
import { domainOf, wholeWordIncludes, words } from "./text";

export const TIERS = ["LOW", "MEDIUM", "HOT"] as const;
export type Tier = (typeof TIERS)[number];

export const SENIORITY_LEVELS = ["C_LEVEL", "FOUNDER", "VP", "HEAD", "DIRECTOR", "MANAGER"] as const;
export type Seniority = (typeof SENIORITY_LEVELS)[number];

export interface ScoringWeights {
  /** Points per seniority level (the highest level found counts). */
  seniority: Record<Seniority, number>;
  /** Points per repeat visit beyond the first, capped. */
  repeatVisitEach: number;
  repeatVisitCap: number;
  /** Cap on the sum of all page-signal points. */
  pageSignalsCap: number;
  icpSize: number;
  icpIndustry: number;
  warmConnection: number;
}

/** A page signal: the points a visit to a matching page adds (once per signal). */
export interface PageSignal {
  key: string;
  label: string;
  points: number;
  /** Path fragments matched as whole tokens of the URL path ("roi" matches /roi-calculator, not /android). */
  patterns: string[];
}

export interface WarmConnections {
  /** The team's past employers: company names or domains. */
  pastEmployers: string[];
  /** Known contacts: e-mail addresses or LinkedIn profile URLs. */
  knownContacts: string[];
}

export interface IcpConfig {
  employeeMin: number;
  employeeMax: number | null;
  /** Industry keywords, matched as whole words/phrases against the visitor's industry. */
  industries: string[];
}

export interface ScoringConfig {
  weights: ScoringWeights;
  pageSignals: PageSignal[];
  warm: WarmConnections;
  icp: IcpConfig;
  excludedDomains: string[];
}

export interface ScoringInput {
  title: string | null;
  email: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
  industry: string | null;
  employeeCountMin: number | null;
  employeeCountMax: number | null;
  pageUrls: string[];
  visitCount: number;
}

export interface BreakdownItem {
  signal: string;
  points: number;
  detail: string;
}

export interface ScoreResult {
  score: number;
  tier: Tier;
  warm: boolean;
  excluded: boolean;
  seniority: Seniority | null;
  /** Keys of the page signals that matched, strongest first (the drafter picks its angle from them). */
  signals: string[];
  breakdown: BreakdownItem[];
}

export function tierOf(score: number): Tier {
  if (score >= 70) return "HOT";
  if (score >= 40) return "MEDIUM";
  return "LOW";
}

// Whole-word phrases per level, strongest level first. Single-word matching is by token, so
// "director" never matches "cto" and "coordinator" never matches "coo".
const SENIORITY_PHRASES: Record<Seniority, string[]> = {
  C_LEVEL: ["ceo", "cto", "cfo", "coo", "cmo", "cro", "cio", "ciso", "cpo", "cdo", "chief"],
  FOUNDER: ["founder", "cofounder", "owner", "president"],
  VP: ["vp", "svp", "evp", "avp", "vice president"],
  HEAD: ["head of", "head"],
  DIRECTOR: ["director"],
  MANAGER: ["manager", "team lead"],
};
/** Words that mean the person supports a senior role rather than holding it ("Assistant to the CEO"). */
const NOT_SENIOR = ["assistant", "intern", "to the", "advisor to"];

export function seniorityOf(title: string | null): Seniority | null {
  if (!title) return null;
  // RB2B titles often carry a tagline after "@" or "|": only the role part counts.
  const role = title.split(/[@|]/)[0];
  if (NOT_SENIOR.some((p) => wholeWordIncludes(role, p))) return null;
  // "Vice President" must not be read as "President" (FOUNDER): check longer phrases first per level order.
  for (const level of SENIORITY_LEVELS) {
    for (const phrase of SENIORITY_PHRASES[level]) {
      if (level === "FOUNDER" && phrase === "president" && wholeWordIncludes(role, "vice president")) continue;
      if (wholeWordIncludes(role, phrase)) return level;
    }
  }
  return null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when the URL's path contains `pattern` as whole tokens (separators: / - _ . and ends). */
export function pathMatches(url: string, pattern: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname.toLowerCase();
  } catch {
    path = url.toLowerCase();
  }
  const p = pattern.toLowerCase().replace(/^\/+|\/+$/g, "");
  if (!p) return false;
  return new RegExp(`(^|[/\\-_.])${escapeRe(p)}($|[/\\-_.])`).test(path);
}

function hostMatches(domain: string | null, list: string[]): string | null {
  if (!domain) return null;
  const d = domain.toLowerCase();
  for (const raw of list) {
    const x = raw.trim().toLowerCase().replace(/^@/, "");
    if (x && (d === x || d.endsWith(`.${x}`))) return x;
  }
  return null;
}

function normaliseLinkedin(url: string): string {
  return url.trim().toLowerCase().replace(/^https?:\/\/(www\.)?/, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
}

function warmMatch(input: ScoringInput, warm: WarmConnections): string | null {
  const email = input.email?.trim().toLowerCase() ?? null;
  const li = input.linkedinUrl ? normaliseLinkedin(input.linkedinUrl) : null;
  for (const c of warm.knownContacts) {
    const k = c.trim().toLowerCase();
    if (!k) continue;
    if (email && k === email) return "known contact";
    if (li && k.includes("linkedin.com") && normaliseLinkedin(k) === li) return "known contact";
  }
  const domain = input.companyDomain?.toLowerCase() ?? domainOf(input.email);
  const name = input.companyName ? words(input.companyName).join(" ") : null;
  for (const e of warm.pastEmployers) {
    const k = e.trim().toLowerCase();
    if (!k) continue;
    if (k.includes(".") && hostMatches(domain, [k])) return `past employer ${k}`;
    if (name && words(k).join(" ") === name) return `past employer ${k}`;
  }
  return null;
}

/** Visitor size range overlaps the ICP range. Exact counts arrive as min = max; "10,001+" as max = null. */
function sizeFits(input: ScoringInput, icp: IcpConfig): boolean {
  if (input.employeeCountMin === null && input.employeeCountMax === null) return false;
  const lo = input.employeeCountMin ?? 0;
  const hi = input.employeeCountMax ?? Infinity;
  return lo <= (icp.employeeMax ?? Infinity) && hi >= icp.employeeMin;
}

export function score(input: ScoringInput, config: ScoringConfig): ScoreResult {
  const { weights } = config;
  const domain = input.companyDomain?.toLowerCase() ?? domainOf(input.email);
  const excludedBy = hostMatches(domain, config.excludedDomains) ?? hostMatches(domainOf(input.email), config.excludedDomains);
  if (excludedBy) {
    return {
      score: 0, tier: "LOW", warm: false, excluded: true, seniority: null, signals: [],
      breakdown: [{ signal: "excluded_domain", points: 0, detail: `domain ${excludedBy} is excluded (never contacted)` }],
    };
  }
  const breakdown: BreakdownItem[] = [];

  // Page signals: each signal counts once however many matching pages were seen; the sum is capped.
  const matched = config.pageSignals
    .filter((s) => input.pageUrls.some((u) => s.patterns.some((p) => pathMatches(u, p))))
    .sort((a, b) => b.points - a.points);
  let pageBudget = weights.pageSignalsCap;
  for (const s of matched) {
    const pts = Math.max(0, Math.min(s.points, pageBudget));
    pageBudget -= pts;
    breakdown.push({ signal: `page:${s.key}`, points: pts, detail: pts < s.points ? `${s.label} (capped)` : s.label });
  }

  const repeats = Math.max(0, input.visitCount - 1);
  if (repeats > 0) {
    const pts = Math.min(repeats * weights.repeatVisitEach, weights.repeatVisitCap);
    breakdown.push({ signal: "repeat_visits", points: pts, detail: `${input.visitCount} visits` });
  }

  const seniority = seniorityOf(input.title);
  if (seniority) breakdown.push({ signal: "seniority", points: weights.seniority[seniority], detail: seniority });

  const fits = sizeFits(input, config.icp);
  if (fits) breakdown.push({ signal: "icp_size", points: weights.icpSize, detail: "company size in ICP range" });

  const industry = input.industry ? config.icp.industries.find((i) => wholeWordIncludes(input.industry!, i)) : undefined;
  if (industry) breakdown.push({ signal: "icp_industry", points: weights.icpIndustry, detail: `industry matches "${industry}"` });

  const warmWhy = warmMatch(input, config.warm);
  if (warmWhy) breakdown.push({ signal: "warm_connection", points: weights.warmConnection, detail: warmWhy });

  const total = breakdown.reduce((n, b) => n + b.points, 0);
  const clamped = Math.max(0, Math.min(100, Math.round(total)));
  return {
    score: clamped, tier: tierOf(clamped), warm: warmWhy !== null, excluded: false, seniority,
    signals: matched.map((s) => s.key), breakdown,
  };
}
