import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { sqlTime, toBool, toDateOrNull } from "@/server/db/sql-values";

/**
 * The autonomy decision's reads and its draft move as plain SQL on the SqliteWriter's connection
 * (prepared once). It runs once per draft; through Prisma it cost ~10 queries and an interactive
 * transaction (bench/pipeline.ts). Writes run inside a unit of work (with the audit entry, one commit).
 */
const SQL = {
  draft: `SELECT d."id", d."status", d."tier", d."score", d."warm", d."qualityChecks", v."email", v."erasedAt"
    FROM "Draft" d JOIN "Visitor" v ON v."id" = d."visitorId" WHERE d."id" = ?`,
  counter: `SELECT "count" FROM "LimitCounter" WHERE "key" = ?`,
  status: `SELECT "status" FROM "Draft" WHERE "id" = ?`,
  move: `UPDATE "Draft" SET "status" = ?, "version" = "version" + 1, "updatedAt" = ?, "recommendation" = ?, "recommendationReason" = ?, "sendAfter" = ?,
    "decidedAt" = COALESCE(?, "decidedAt") WHERE "id" = ? AND "status" = 'DRAFTED'`,
} as const;

export function draftForDecision(w: SqliteWriter, draftId: string) {
  const r = w.prepare(SQL.draft).get(draftId) as Record<string, unknown> | undefined;
  if (!r) return null;
  return {
    id: String(r.id), status: String(r.status), tier: String(r.tier), score: Number(r.score), warm: toBool(r.warm), qualityChecks: String(r.qualityChecks),
    visitor: { email: r.email === null || r.email === undefined ? null : String(r.email), erasedAt: toDateOrNull(r.erasedAt) },
  };
}

export function counterValue(w: SqliteWriter, key: string): number {
  const r = w.prepare(SQL.counter).get(key) as { count: number } | undefined;
  return r ? Number(r.count) : 0;
}

export function draftStatus(w: SqliteWriter, draftId: string): string | null {
  const r = w.prepare(SQL.status).get(draftId) as { status: string } | undefined;
  return r?.status ?? null;
}

/** DRAFTED -> `to` with the recommendation; false when the draft is no longer DRAFTED. */
export function moveDecided(
  w: SqliteWriter, draftId: string, to: string, now: Date,
  d: { recommendation: string; recommendationReason: string; sendAfter: Date | null; decidedAt: Date | null },
): boolean {
  return w.prepare(SQL.move).run(
    to, sqlTime(now), d.recommendation, d.recommendationReason, d.sendAfter ? sqlTime(d.sendAfter) : null, d.decidedAt ? sqlTime(d.decidedAt) : null, draftId,
  ).changes === 1;
}
