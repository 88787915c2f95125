import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

/**
 * Applies prisma/migrations-pg to a PostgreSQL database (issue #9), the way `prisma migrate deploy`
 * does, because Prisma 6.19's JS schema engine cannot introspect PostgreSQL through
 * @prisma/adapter-pg and the native engine cannot be downloaded everywhere:
 * - history in Prisma's own `_prisma_migrations` table, same columns and types, one row per
 *   migration with checksum = sha256 (hex) of the migration.sql bytes — what Prisma writes (checked
 *   against the rows `prisma migrate deploy` writes on SQLite), so the native engine, where it can
 *   run, sees these migrations as applied and carries on from them;
 * - each pending migration runs in its own transaction together with its history row (PostgreSQL
 *   DDL is transactional): a migration that fails leaves nothing behind, no half-applied state to
 *   resolve, and nothing is recorded;
 * - a session advisory lock — the key Prisma's engine uses for the same purpose — so several
 *   instances starting at once (and a concurrent `prisma migrate deploy`) apply each migration once.
 * Refuses to run over a migration Prisma recorded as failed (finished_at NULL, not rolled back),
 * like Prisma's P3009.
 */
export const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const LOCK_WAIT_MS = 120_000;

export const PG_MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations-pg");

const CREATE_HISTORY = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationChecksum(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function readMigrations(dir = PG_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((d) => /^\d{14}_[a-z0-9_]+$/.test(d) && existsSync(path.join(dir, d, "migration.sql")))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    });
}

export interface MigrateResult {
  applied: string[];
  /** Applied earlier, but the file changed since (Prisma's deploy only warns about this too). */
  changed: string[];
}

async function lock(client: pg.Client): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [PRISMA_ADVISORY_LOCK_KEY]);
    if (r.rows[0].ok) return;
    if (Date.now() > deadline) throw new Error("another migrator held the migration lock for too long");
    await new Promise((res) => setTimeout(res, 100 + Math.random() * 200));
  }
}

export async function migratePg(url: string, opts: { dir?: string; log?: (line: string) => void } = {}): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  const migrations = readMigrations(opts.dir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await lock(client);
    try {
      await client.query(CREATE_HISTORY);
      const rows = (await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
        `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations"`,
      )).rows;
      const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
      if (failed.length) {
        throw new Error(`migration ${failed[0].migration_name} is recorded as failed: resolve it first (prisma migrate resolve), then run again`);
      }
      const done = new Map(rows.filter((r) => r.finished_at !== null).map((r) => [r.migration_name, r.checksum]));
      const result: MigrateResult = { applied: [], changed: [] };
      for (const m of migrations) {
        const seen = done.get(m.name);
        if (seen !== undefined) {
          if (seen !== m.checksum) result.changed.push(m.name);
          continue;
        }
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
            [randomUUID(), m.checksum, m.name],
          );
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new Error(`migration ${m.name} failed and was rolled back: ${(e as Error).message}`);
        }
        result.applied.push(m.name);
        log(`applied ${m.name}`);
      }
      for (const name of result.changed) log(`warning: ${name} was applied but its migration.sql has changed since`);
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
