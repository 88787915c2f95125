import type { Db } from "@/server/db/client";
import { writerFor } from "@/server/db/sqlite-writer";
import { score, type ScoreResult } from "@/server/domain/scoring";
import type { SettingValue } from "@/server/features/settings/settings.schemas";
import type { Profile } from "./profile";
import { readProfile, readSettings, SCORING_KEYS, storeScore } from "./profile.sql";

type ScoringSettings = { [K in (typeof SCORING_KEYS)[number]]: SettingValue<K> };

function toConfig(s: ScoringSettings) {
  return { weights: s.scoringWeights, pageSignals: s.pageSignals, warm: s.warmConnections, icp: s.icp, excludedDomains: s.excludedDomains };
}
export type ScoringConfig = ReturnType<typeof toConfig>;

/** The scoring settings on the SqliteWriter's connection (see profile.sql.ts). */
export function scoringConfigSync(w: ReturnType<typeof writerFor>): ScoringConfig {
  return toConfig(readSettings(w, SCORING_KEYS));
}

export function scoreProfile(p: Profile, config: ScoringConfig): ScoreResult {
  return score(
    {
      title: p.merged.title, email: p.email, linkedinUrl: p.merged.linkedinUrl, companyName: p.merged.companyName,
      companyDomain: p.merged.companyDomain, industry: p.merged.industry, employeeCountMin: p.merged.employeeCountMin,
      employeeCountMax: p.merged.employeeCountMax, pageUrls: p.pageViews.map((v) => v.url), visitCount: p.visitor.visitCount,
    },
    config,
  );
}

/**
 * Scores a visitor from everything known now (RB2B + Clay + page views) and stores the result: one
 * unit of work on the SqliteWriter (reads, pure scoring, the update; one commit), not ~9 Prisma
 * queries — this runs twice per visitor in the pipeline (bench/pipeline.ts).
 */
export async function scoreVisitor(db: Db, visitorId: string) {
  const w = writerFor(db);
  return w.run(() => {
    const profile = readProfile(w, visitorId);
    if (!profile) return null;
    const result = scoreProfile(profile, scoringConfigSync(w));
    storeScore(w, visitorId, result);
    return { ...result, isCompanyOnly: profile.visitor.isCompanyOnly, enrichmentStatus: profile.visitor.enrichmentStatus };
  });
}
