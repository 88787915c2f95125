import type { Db } from "@/server/db/client";
import { parseEmployeeCount } from "@/server/integrations/rb2b/rb2b.schemas";
import type { EnrichmentData } from "@/server/features/enrichment/enrichment.schemas";

/** Where a personalised fact came from (DESIGN.md §4: a fixed list). */
export const FACT_SOURCES = ["rb2b", "clay", "website"] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/** One grounded fact: every personalised word in a draft traces to one of these. */
export interface Fact {
  field: string;
  value: string;
  source: FactSource;
  dataId: string;
  verifiedAt: string;
}

const PERSON_FIELDS = ["firstName", "lastName", "title", "companyName", "companyDomain", "industry", "city", "state", "linkedinUrl"] as const;
const CLAY_ONLY = ["companyDescription", "recentNews", "country"] as const;

const VISITOR_SELECT = {
  id: true, identityKey: true, isCompanyOnly: true, email: true, firstName: true, lastName: true, title: true,
  linkedinUrl: true, companyName: true, companyDomain: true, industry: true, employeeCountMin: true,
  employeeCountMax: true, city: true, state: true, visitCount: true, lastSeenAt: true, erasedAt: true,
  enrichmentStatus: true, needsBackfill: true,
} as const;

/** The visitor columns a profile is built from (as loadProfile and profile.sql.ts read them). */
export interface ProfileVisitor {
  id: string; identityKey: string; isCompanyOnly: boolean; email: string | null; firstName: string | null; lastName: string | null;
  title: string | null; linkedinUrl: string | null; companyName: string | null; companyDomain: string | null; industry: string | null;
  employeeCountMin: number | null; employeeCountMax: number | null; city: string | null; state: string | null; visitCount: number;
  lastSeenAt: Date; erasedAt: Date | null; enrichmentStatus: string; needsBackfill: boolean;
}
export interface ProfileEnrichment { id: string; completedAt: Date | null; result: string | null }
export interface ProfilePageView { id: string; url: string; seenAt: Date }

/**
 * The visitor as RB2B described it, completed (never overwritten) by the latest Clay result.
 * Each field keeps its provenance, so drafting can cite it as evidence. The pipeline's steps read
 * the same rows with plain SQL (profile.sql.ts) and build the profile with `buildProfile`.
 */
export async function loadProfile(db: Db, visitorId: string) {
  const visitor = await db.visitor.findUnique({ where: { id: visitorId }, select: VISITOR_SELECT });
  if (!visitor) return null;
  const [enrichment, pageViews] = await Promise.all([
    db.enrichmentRequest.findFirst({
      where: { visitorId, status: "COMPLETED", result: { not: null } },
      orderBy: { completedAt: "desc" },
      select: { id: true, completedAt: true, result: true },
    }),
    db.pageView.findMany({ where: { visitorId }, orderBy: { seenAt: "desc" }, take: PROFILE_PAGE_VIEWS, select: { id: true, url: true, seenAt: true } }),
  ]);
  return buildProfile(visitor, enrichment, pageViews);
}

/** Page views a profile carries (newest first). */
export const PROFILE_PAGE_VIEWS = 50;

/** Facts with provenance and the merged fields, from the stored rows. */
export function buildProfile(visitor: ProfileVisitor, enrichment: ProfileEnrichment | null, pageViews: ProfilePageView[]) {
  const clay: EnrichmentData | null = enrichment?.result ? (JSON.parse(enrichment.result) as EnrichmentData) : null;

  const facts: Fact[] = [];
  const rb2bAt = visitor.lastSeenAt.toISOString();
  const clayAt = enrichment?.completedAt?.toISOString() ?? rb2bAt;
  for (const f of PERSON_FIELDS) {
    const own = visitor[f];
    const fromClay = clay?.[f] ?? null;
    if (own) facts.push({ field: f, value: own, source: "rb2b", dataId: visitor.id, verifiedAt: rb2bAt });
    else if (fromClay) facts.push({ field: f, value: fromClay, source: "clay", dataId: enrichment!.id, verifiedAt: clayAt });
  }
  for (const f of CLAY_ONLY) {
    const v = clay?.[f];
    if (v) facts.push({ field: f, value: v, source: "clay", dataId: enrichment!.id, verifiedAt: clayAt });
  }
  if (clay?.technologies?.length) {
    facts.push({ field: "technologies", value: clay.technologies.slice(0, 3).join(", "), source: "clay", dataId: enrichment!.id, verifiedAt: clayAt });
  }

  const get = (f: string) => facts.find((x) => x.field === f)?.value ?? null;
  let sizeMin = visitor.employeeCountMin;
  let sizeMax = visitor.employeeCountMax;
  if (sizeMin === null && sizeMax === null && clay?.employeeCount != null) {
    const p = parseEmployeeCount(clay.employeeCount);
    if (p !== "invalid") ({ min: sizeMin, max: sizeMax } = p);
  }
  return {
    visitor,
    enrichment: enrichment ? { id: enrichment.id, completedAt: enrichment.completedAt, data: clay } : null,
    pageViews,
    facts,
    email: visitor.email ?? clay?.email ?? null,
    merged: {
      title: get("title"), companyName: get("companyName"), companyDomain: get("companyDomain"), industry: get("industry"),
      linkedinUrl: get("linkedinUrl"), employeeCountMin: sizeMin, employeeCountMax: sizeMax,
    },
  };
}
export type Profile = ReturnType<typeof buildProfile>;
