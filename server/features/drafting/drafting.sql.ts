import { ulid } from "@/server/db/ulid";
import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlBool, sqlTime, toBool } from "@/server/db/sql-values";
import type { CheckResult } from "@/server/domain/quality-checks";
import type { DraftOutcome } from "./drafting.service";

/**
 * The drafting step's reads and its write as plain SQL on the SqliteWriter's connection (prepared
 * once): Prisma cost ~0.7 ms of the app's CPU per query and the draft step made ~20 (bench/pipeline.ts).
 * Writes run inside a unit of work (one commit with the audit entry, audit.sql.ts). Quoted
 * identifiers and ISO text times, as intake.sql.ts, for the PostgreSQL port.
 */
const SQL = {
  byOrigin: `SELECT "id", "status", "tier", "warm", "qualityChecks" FROM "Draft" WHERE "originKey" = ?`,
  rejected: `SELECT "fingerprint" FROM "RejectionMemory" WHERE "identityKey" = ? AND "createdAt" >= ?`,
  insert: `INSERT INTO "Draft" ("id", "visitorId", "templateVersionId", "subjectVariantId", "subject", "body", "score", "tier", "warm", "scoreBreakdown",
    "evidence", "qualityChecks", "fingerprint", "status", "recommendation", "recommendationReason", "decidedAt", "version", "createdAt", "updatedAt", "originKey", "recipientHash")
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
  templates: `SELECT "id", "key", "angle" FROM "Template" WHERE "tier" = ? AND "active" = true AND "flaggedAt" IS NULL ORDER BY "key" ASC`,
  latestVersion: `SELECT "id", "body" FROM "TemplateVersion" WHERE "templateId" = ? ORDER BY "version" DESC LIMIT 1`,
  activeVariants: `SELECT "id", "key", "subject" FROM "SubjectVariant" WHERE "templateId" = ? AND "active" = true ORDER BY "key" ASC`,
} as const;

/** Active, unflagged templates of a tier (by key) with their latest version (if any) and active variants (by key). */
export function activeTemplates(w: SqliteWriter, tier: string) {
  const rows = w.prepare(SQL.templates).all(tier) as { id: string; key: string; angle: string }[];
  return rows.map((t) => ({
    id: t.id, key: t.key, angle: t.angle,
    versions: w.prepare(SQL.latestVersion).all(t.id) as { id: string; body: string }[],
    variants: w.prepare(SQL.activeVariants).all(t.id) as { id: string; key: string; subject: string }[],
  }));
}

/** The outcome of the draft a workflow step already made, as that step first reported it. */
export function draftByOrigin(w: SqliteWriter, originKey: string): DraftOutcome | null {
  const d = w.prepare(SQL.byOrigin).get(originKey) as { id: string; status: string; tier: string; warm: unknown; qualityChecks: string } | undefined;
  if (!d) return null;
  if (d.status !== "DROPPED") return { kind: "drafted", draftId: d.id, tier: d.tier, warm: toBool(d.warm) };
  const failed = (JSON.parse(d.qualityChecks) as CheckResult[]).filter((c) => !c.ok).map((c) => c.check);
  return { kind: "blocked", draftId: d.id, failed };
}

/** Fingerprints of this lead's drafts rejected since `since` (rejection memory). */
export function rejectedFingerprints(w: SqliteWriter, identityKey: string, since: Date): string[] {
  return (w.prepare(SQL.rejected).all(identityKey, sqlTime(since)) as { fingerprint: string }[]).map((r) => r.fingerprint);
}

/** Has the visitor a draft in one of `live` (any age), or in one of `recent` created since `since`? */
export function hasBlockingDraft(w: SqliteWriter, visitorId: string, b: { live: readonly string[]; recent: readonly string[]; since: Date }): boolean {
  const list = (xs: readonly string[]) => xs.map(() => "?").join(", ");
  const sql = `SELECT "id" FROM "Draft" WHERE "visitorId" = ? AND ("status" IN (${list(b.live)}) OR ("status" IN (${list(b.recent)}) AND "createdAt" >= ?)) LIMIT 1`;
  return w.prepare(sql).get(visitorId, ...b.live, ...b.recent, sqlTime(b.since)) !== undefined;
}

export interface NewDraft {
  visitorId: string; templateVersionId: string; subjectVariantId: string; subject: string; body: string; score: number; tier: string; warm: boolean;
  scoreBreakdown: string; evidence: string; qualityChecks: string; fingerprint: string; status: string; recommendation: string | null;
  recommendationReason: string | null; decidedAt: Date | null; createdAt: Date; originKey: string | null; recipientHash: string;
}

/** Inserts the draft; its id. A second draft with the same origin key fails (unique). */
export function insertDraft(w: SqliteWriter, d: NewDraft): string {
  const id = ulid();
  w.prepare(SQL.insert).run(
    id, d.visitorId, d.templateVersionId, d.subjectVariantId, d.subject, d.body, d.score, d.tier, sqlBool(d.warm), d.scoreBreakdown,
    d.evidence, d.qualityChecks, d.fingerprint, d.status, d.recommendation, d.recommendationReason, d.decidedAt ? sqlTime(d.decidedAt) : null,
    sqlTime(d.createdAt), sqlTime(new Date()), d.originKey, d.recipientHash,
  );
  return id;
}
