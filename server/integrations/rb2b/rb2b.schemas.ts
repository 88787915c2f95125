import { z } from "zod";
import { domainOf, hostOf } from "@/server/domain/text";

/**
 * RB2B's webhook payload: Title-Case field names with spaces. Only "Captured URL" and "Seen At"
 * are always present; company-only profiles carry no person fields at all.
 */
const required = (what: string) => ({ error: (iss: { input: unknown }) => (iss.input === undefined || iss.input === null ? "is required" : `must be ${what}`) });
const text = (max = 500) =>
  z.union([z.string(), z.number()]).nullish()
    .transform((v) => (v === null || v === undefined ? null : String(v).trim() || null))
    .pipe(z.string().max(max, `must be at most ${max} characters`).nullable());

const httpUrl = z.string().refine((v) => { try { return ["http:", "https:"].includes(new URL(v).protocol); } catch { return false; } }, "must be an http(s) URL");

/** "51-200" -> {min: 51, max: 200}; "10,001+" -> {min: 10001, max: null}; 60 -> {min: 60, max: 60}. */
export function parseEmployeeCount(v: unknown): { min: number | null; max: number | null } | "invalid" {
  if (v === null || v === undefined || v === "") return { min: null, max: null };
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 ? { min: v, max: v } : "invalid";
  if (typeof v !== "string") return "invalid";
  const s = v.replace(/[,\s]/g, "").toLowerCase().replace(/employees?$/, "");
  let m = /^(\d+)$/.exec(s);
  if (m) return { min: +m[1], max: +m[1] };
  m = /^(\d+)(?:-|–|to)(\d+)$/.exec(s);
  if (m && +m[1] <= +m[2]) return { min: +m[1], max: +m[2] };
  m = /^(\d+)\+$/.exec(s);
  if (m) return { min: +m[1], max: null };
  return "invalid";
}

/** Lenient ISO-8601: RB2B's own sample sends "2024-01-01T12:34:56:00.00+00.00". */
export function parseSeenAt(v: string): Date | null {
  const d = new Date(v);
  if (!Number.isNaN(d.getTime())) return d;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(v.trim());
  if (!m) return null;
  const fallback = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(fallback.getTime()) ? null : fallback;
}

export const rb2bPayload = z
  .object({
    "LinkedIn URL": text(500).pipe(httpUrl.nullable()),
    "First Name": text(100),
    "Last Name": text(100),
    Title: text(300),
    "Company Name": text(200),
    "Business Email": text(254).pipe(z.email("must be an e-mail address").nullable()),
    Website: text(500),
    Industry: text(200),
    "Employee Count": z.unknown().transform((v, ctx) => {
      const r = parseEmployeeCount(v);
      if (r === "invalid") {
        ctx.addIssue({ code: "custom", message: 'must be a number or a range like "51-200" or "10,001+"' });
        return z.NEVER;
      }
      return r;
    }),
    "Estimate Revenue": text(100),
    City: text(100),
    State: text(100),
    Zipcode: text(20),
    "Seen At": z.string(required("an ISO-8601 date-time")).transform((v, ctx) => {
      const d = parseSeenAt(v);
      if (!d) {
        ctx.addIssue({ code: "custom", message: "must be an ISO-8601 date-time" });
        return z.NEVER;
      }
      return d;
    }),
    Referrer: text(2000),
    "Captured URL": z.string(required("an http(s) URL")).trim().max(2000).pipe(httpUrl),
    Tags: z.union([z.string(), z.array(z.string())]).nullish().transform((v) =>
      (Array.isArray(v) ? v : (v ?? "").split(",")).map((t) => t.trim()).filter(Boolean).slice(0, 50),
    ),
  })
  .superRefine((p, ctx) => {
    if (!p["LinkedIn URL"] && !p["Business Email"] && !p.Website && !p["Company Name"]) {
      ctx.addIssue({ code: "custom", path: ["LinkedIn URL"], message: "one of LinkedIn URL, Business Email, Website or Company Name is required" });
    } else if (!p["LinkedIn URL"] && !p["Business Email"] && !p["Company Name"] && !hostOf(p.Website)) {
      // The Website alone must identify the company (normalise keys it by its host); found by the fuzz suite.
      ctx.addIssue({ code: "custom", path: ["Website"], message: "not a domain or URL (and no LinkedIn URL, Business Email or Company Name to identify the visitor)" });
    }
  });

export type Rb2bPayload = z.infer<typeof rb2bPayload>;

export interface NormalisedVisit {
  identityKey: string;
  isCompanyOnly: boolean;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  linkedinUrl: string | null;
  companyName: string | null;
  companyDomain: string | null;
  website: string | null;
  industry: string | null;
  employeeCountMin: number | null;
  employeeCountMax: number | null;
  revenueEstimate: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  tags: string[];
  page: { url: string; referrer: string | null; seenAt: Date };
}

export function normaliseLinkedin(url: string): string {
  return url.trim().toLowerCase().replace(/^https?:\/\/([a-z]{2,3}\.)?(www\.)?/, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
}

export function normalise(p: Rb2bPayload): NormalisedVisit {
  const email = p["Business Email"]?.toLowerCase() ?? null;
  const companyDomain = hostOf(p.Website) ?? domainOf(email);
  const isCompanyOnly = !p["LinkedIn URL"] && !email && !p["First Name"] && !p["Last Name"];
  const identityKey = p["LinkedIn URL"]
    ? `li:${normaliseLinkedin(p["LinkedIn URL"])}`
    : email
      ? `email:${email}`
      : companyDomain
        ? `company:${companyDomain}`
        : `company-name:${p["Company Name"]!.toLowerCase().replace(/\s+/g, " ")}`;
  return {
    identityKey, isCompanyOnly, email,
    firstName: p["First Name"], lastName: p["Last Name"], title: p.Title, linkedinUrl: p["LinkedIn URL"],
    companyName: p["Company Name"], companyDomain, website: p.Website, industry: p.Industry,
    employeeCountMin: p["Employee Count"].min, employeeCountMax: p["Employee Count"].max,
    revenueEstimate: p["Estimate Revenue"], city: p.City, state: p.State, zipcode: p.Zipcode, tags: p.Tags,
    page: { url: p["Captured URL"], referrer: p.Referrer, seenAt: p["Seen At"] },
  };
}

/** First validation problem as "Field Name: message" (the field is named so RB2B's log shows it). */
export function describeIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || "(body)";
  return { field, message: `${field}: ${issue?.message ?? "invalid"}` };
}
