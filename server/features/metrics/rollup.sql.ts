import type { SqliteWriter } from "@/server/db/sqlite-writer";
import { isOverride } from "@/server/domain/metrics";
import { sqlTime } from "@/server/db/sql-values";
import { dayKey } from "./metrics.service";

/**
 * The review roll-up for a SqliteWriter unit of work (the other roll-up increments live in
 * rollup-increments.ts): counts a decision that is not a snooze and followed a system recommendation, as one prepared upsert
 * that adds in the database (never read-then-write). Same SQL on PostgreSQL (issue #9): the
 * conflict target's row lock serialises two units bumping the same day.
 */
const BUMP_REVIEWS = `INSERT INTO "MetricDaily" ("day", "reviews", "overrides", "updatedAt") VALUES (?, 1, ?, ?)
  ON CONFLICT ("day") DO UPDATE SET "reviews" = "MetricDaily"."reviews" + 1,
    "overrides" = "MetricDaily"."overrides" + excluded."overrides", "updatedAt" = excluded."updatedAt"`;

export function countReviewSync(w: SqliteWriter, r: { decision: string; systemRecommendation: string | null; createdAt: Date }, now = new Date()): void {
  if (r.decision === "SNOOZE" || !r.systemRecommendation) return;
  w.prepare(BUMP_REVIEWS).run(dayKey(r.createdAt), isOverride(r.decision, r.systemRecommendation) ? 1 : 0, sqlTime(now));
}
