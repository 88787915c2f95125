import type { Db } from "@/server/db/client";
import { score, type ScoreResult } from "@/server/domain/scoring";
import * as settings from "@/server/features/settings/settings.service";
import { loadProfile, type Profile } from "./profile";

export async function scoringConfig(db: Db) {
  const [weights, pageSignals, warm, icp, excludedDomains] = await Promise.all([
    settings.get(db, "scoringWeights"), settings.get(db, "pageSignals"), settings.get(db, "warmConnections"),
    settings.get(db, "icp"), settings.get(db, "excludedDomains"),
  ]);
  return { weights, pageSignals, warm, icp, excludedDomains };
}

export function scoreProfile(p: Profile, config: Awaited<ReturnType<typeof scoringConfig>>): ScoreResult {
  return score(
    {
      title: p.merged.title, email: p.email, linkedinUrl: p.merged.linkedinUrl, companyName: p.merged.companyName,
      companyDomain: p.merged.companyDomain, industry: p.merged.industry, employeeCountMin: p.merged.employeeCountMin,
      employeeCountMax: p.merged.employeeCountMax, pageUrls: p.pageViews.map((v) => v.url), visitCount: p.visitor.visitCount,
    },
    config,
  );
}

/** Scores a visitor from everything known now (RB2B + Clay + page views) and stores the result. */
export async function scoreVisitor(db: Db, visitorId: string) {
  const profile = await loadProfile(db, visitorId);
  if (!profile) return null;
  const result = scoreProfile(profile, await scoringConfig(db));
  await db.visitor.update({
    where: { id: visitorId },
    data: { score: result.score, tier: result.tier, warm: result.warm, scoreBreakdown: JSON.stringify(result.breakdown) },
    select: { id: true },
  });
  return { ...result, isCompanyOnly: profile.visitor.isCompanyOnly, enrichmentStatus: profile.visitor.enrichmentStatus };
}
