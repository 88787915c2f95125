import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, onPostgres, type TestDb } from "@/server/testing/test-db";

/**
 * Every hand-written statement of the hot paths (server/features/**\/*.sql.ts, the executor's store)
 * must find its rows through an index: a table scan or the wrong index makes each call cost in
 * proportion to the data (the profile's enrichment read once took the status index and read every
 * completed request for each draft). SQLite's planner is asked about each one on the migrated schema.
 * The few statements allowed to scan say why.
 */
const ALLOWED_SCANS: [RegExp, string][] = [
  [/FROM "Template"/, "templates: a few dozen rows"],
  [/FROM "Review" r JOIN "User"/, "sorts one draft's reviews: a handful"],
  [/FROM "ExecFunction"/, "the synced function configs: one row per function"],
  [/FROM "_prisma_migrations"/, "migration history"],
  [/WHERE "leaseOwner" = \?/, "lease renewal and release: every few seconds, over the executor's pending items only"],
  [/FROM "Exec(Event|QueueItem|Wait|Idempotency)" WHERE 1/, "erasure scrubs every executor row for a person's data, deliberately"],
];

function statements(): { file: string; sql: string }[] {
  const root = path.resolve(import.meta.dirname, "../..");
  const sqlFiles = (readdirSync(path.join(root, "server/features"), { recursive: true }) as string[]).filter((f) => f.endsWith(".sql.ts")).map((f) => path.join("server/features", f));
  const files = [...sqlFiles, "inngest/executor/store.ts", "server/features/privacy/executor-scrub.repository.ts"];
  const out: { file: string; sql: string }[] = [];
  for (const file of files) {
    const src = readFileSync(path.join(root, file), "utf8");
    for (const m of src.matchAll(/`((?:SELECT|UPDATE|DELETE)\b[^`]*)`/g)) {
      if (!/\bWHERE\b/.test(m[1]) && !/^SELECT/.test(m[1])) continue;
      out.push({ file, sql: m[1].replace(/\$\{[^}]*\}/g, "1") });
    }
  }
  return out;
}

describe.skipIf(onPostgres)("query plans of the hand-written statements (SQLite)", () => {
  let t: TestDb;
  let db: Database.Database;
  beforeAll(async () => {
    t = await createTestDb();
    db = new Database(t.file, { readonly: true });
  });
  afterAll(async () => {
    db.close();
    await t.cleanup();
  });

  it("use an index for every table they read by condition (no scans, no temp sort on a growing table)", () => {
    const checked: string[] = [];
    const problems: string[] = [];
    for (const { file, sql } of statements()) {
      let plan: string[];
      try {
        const st = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const names = [...new Set([...sql.matchAll(/@([A-Za-z_]\w*)/g)].map((x) => x[1]))];
        const rows = names.length ? st.all(Object.fromEntries(names.map((n) => [n, null]))) : st.all(...Array<null>((sql.match(/\?/g) ?? []).length).fill(null));
        plan = (rows as { detail: string }[]).map((r) => r.detail);
      } catch {
        continue; // built at run time from pieces this scan cannot see (e.g. SET lists)
      }
      checked.push(sql);
      const bad = plan.filter((d) => /^SCAN (?!CONSTANT)/.test(d) || /TEMP B-TREE/.test(d));
      if (bad.length && !ALLOWED_SCANS.some(([re]) => re.test(sql))) problems.push(`${file}: ${sql.replace(/\s+/g, " ").slice(0, 140)}\n    ${plan.join(" | ")}`);
    }
    expect(checked.length).toBeGreaterThan(60); // the scan saw the statements, not nothing
    expect(problems).toEqual([]);
  });
});
