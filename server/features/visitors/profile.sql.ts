import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlBool, sqlTime, toBool, toDate, toDateOrNull } from "@/server/db/sql-values";
import type { ScoreResult } from "@/server/domain/scoring";
import { SETTINGS, type SettingKey } from "@/server/features/settings/settings.schemas";
import { parseSettings } from "@/server/features/settings/settings.service";
import { buildProfile, PROFILE_PAGE_VIEWS, type ProfileVisitor } from "./profile";

/**
 * The pipeline's reads (profile, settings) and the score write as plain SQL on the SqliteWriter's connection, prepared
 * once. Why: each Prisma query costs ~0.7 ms of the app's CPU here (query compilation + the
 * driver adapter), and the score / draft steps made ~10 of them per visitor just to read these
 * rows (bench/pipeline.ts). Call inside a unit of work or SqliteWriter.read (one snapshot).
 * Plain SQL with quoted identifiers, as intake.sql.ts, for the PostgreSQL port.
 */
const SQL = {
  visitor: `SELECT "id", "identityKey", "isCompanyOnly", "email", "firstName", "lastName", "title", "linkedinUrl", "companyName",
    "companyDomain", "industry", "employeeCountMin", "employeeCountMax", "city", "state", "visitCount", "lastSeenAt", "erasedAt",
    "enrichmentStatus", "needsBackfill" FROM "Visitor" WHERE "id" = ?`,
  enrichment: `SELECT "id", "completedAt", "result" FROM "EnrichmentRequest" WHERE "visitorId" = ? AND "status" = 'COMPLETED' AND "result" IS NOT NULL
    ORDER BY "completedAt" DESC LIMIT 1`,
  pageViews: `SELECT "id", "url", "seenAt" FROM "PageView" WHERE "visitorId" = ? ORDER BY "seenAt" DESC LIMIT ${PROFILE_PAGE_VIEWS}`,
  storeScore: `UPDATE "Visitor" SET "score" = ?, "tier" = ?, "warm" = ?, "scoreBreakdown" = ?, "updatedAt" = ? WHERE "id" = ?`,
} as const;

/** Stores the visitor's score (a write: as a unit's first statement it takes the lock). Throws if the visitor is gone. */
export function storeScore(w: SqliteWriter, visitorId: string, s: Pick<ScoreResult, "score" | "tier" | "warm" | "breakdown">): void {
  const n = w.prepare(SQL.storeScore).run(s.score, s.tier, sqlBool(s.warm), JSON.stringify(s.breakdown), sqlTime(new Date()), visitorId).changes;
  if (n !== 1) throw new Error(`visitor ${visitorId} not found`);
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toVisitor(r: Row): ProfileVisitor {
  return {
    id: String(r.id), identityKey: String(r.identityKey), isCompanyOnly: toBool(r.isCompanyOnly), email: str(r.email), firstName: str(r.firstName),
    lastName: str(r.lastName), title: str(r.title), linkedinUrl: str(r.linkedinUrl), companyName: str(r.companyName), companyDomain: str(r.companyDomain),
    industry: str(r.industry), employeeCountMin: int(r.employeeCountMin), employeeCountMax: int(r.employeeCountMax), city: str(r.city), state: str(r.state),
    visitCount: Number(r.visitCount), lastSeenAt: toDate(r.lastSeenAt), erasedAt: toDateOrNull(r.erasedAt), enrichmentStatus: String(r.enrichmentStatus),
    needsBackfill: toBool(r.needsBackfill),
  };
}

/** loadProfile (profile.ts) on the writer's connection. */
export function readProfile(w: SqliteWriter, visitorId: string) {
  const v = w.prepare(SQL.visitor).get(visitorId) as Row | undefined;
  if (!v) return null;
  const e = w.prepare(SQL.enrichment).get(visitorId) as Row | undefined;
  const views = w.prepare(SQL.pageViews).all(visitorId) as Row[];
  return buildProfile(
    toVisitor(v),
    e ? { id: String(e.id), completedAt: toDateOrNull(e.completedAt), result: str(e.result) } : null,
    views.map((p) => ({ id: String(p.id), url: String(p.url), seenAt: toDate(p.seenAt) })),
  );
}

/** settings.getMany on the writer's connection: one statement, validated values (frozen, cached by stored text). */
export function readSettings<K extends SettingKey>(w: SqliteWriter, keys: readonly K[]) {
  const sql = `SELECT "key", "value" FROM "Setting" WHERE "key" IN (${keys.map(() => "?").join(", ")})`;
  const rows = w.prepare(sql).all(...keys) as { key: string; value: string }[];
  return parseSettings(keys, rows, true);
}

export const SCORING_KEYS = ["scoringWeights", "pageSignals", "warmConnections", "icp", "excludedDomains"] as const satisfies readonly (keyof typeof SETTINGS)[];
