import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, prepareDb, type Db } from "@/server/db/client";
import { migratePg, readMigrations } from "@/server/db/pg-migrate";
import { closeWriter } from "@/server/db/sqlite-writer";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

/**
 * Which database the tests run on: SQLite files by default; PostgreSQL when TEST_DATABASE=postgresql
 * and TEST_PG_URL names a server (any database on it; each test file gets a fresh database there).
 * CI runs the integration, concurrency and executor suites both ways (scripts/test-all.sh).
 */
export const TEST_DIALECT: "sqlite" | "postgresql" = process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
export const onPostgres = TEST_DIALECT === "postgresql";

/** Applies every migration in order to a SQLite file, exactly as `prisma migrate deploy` would run them. */
export function migrateFile(file: string): void {
  const sqlite = new Database(file);
  try {
    for (const dir of readdirSync(MIGRATIONS).filter((d) => /^\d+_/.test(d)).sort()) {
      sqlite.exec(readFileSync(path.join(MIGRATIONS, dir, "migration.sql"), "utf8"));
    }
  } finally {
    sqlite.close();
  }
}

export interface TestDb {
  db: Db;
  url: string;
  /** The SQLite file, or on PostgreSQL the database URL (what the executor's Store and the claim writer open). */
  file: string;
  dialect: "sqlite" | "postgresql";
  cleanup(): Promise<void>;
}

/** A fresh, migrated database (one per test file / worker): a SQLite file in its own temp folder, or a new PostgreSQL database. */
export async function createTestDb(): Promise<TestDb> {
  if (onPostgres) return createPgTestDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), "caio-test-"));
  const file = path.join(dir, "test.db");
  migrateFile(file);
  const url = `file:${file}`;
  const db = createDb(url);
  await prepareDb(db);
  return {
    db, url, file, dialect: "sqlite",
    async cleanup() {
      closeWriter(db);
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function serverUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error("TEST_DATABASE=postgresql needs TEST_PG_URL (e.g. from `bash scripts/pg-cluster.sh start`)");
  return url;
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Migrating ~40 tables per test file costs more than copying a database, so the history is applied
 * once into a template named after the migrations' checksums, and each test database is a copy.
 */
async function templateName(): Promise<string> {
  const hash = createHash("sha256").update(readMigrations().map((m) => `${m.name}:${m.checksum}`).join("\n")).digest("hex").slice(0, 16);
  const name = `caio_tpl_${hash}`;
  await admin(async (c) => {
    await c.query("SELECT pg_advisory_lock(727073)");
    try {
      const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_build_${randomBytes(4).toString("hex")}`;
        await c.query(`CREATE DATABASE ${building}`);
        await migratePg(withDatabase(serverUrl(), building));
        await c.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      }
    } finally {
      await c.query("SELECT pg_advisory_unlock(727073)");
    }
  });
  return name;
}

async function createPgTestDb(): Promise<TestDb> {
  const template = await templateName();
  const name = `caio_test_${randomBytes(6).toString("hex")}`;
  await admin(async (c) => {
    await c.query("SELECT pg_advisory_lock(727073)");
    try {
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await c.query("SELECT pg_advisory_unlock(727073)");
    }
  });
  const url = withDatabase(serverUrl(), name);
  const db = createDb(url);
  await prepareDb(db);
  return {
    db, url, file: url, dialect: "postgresql",
    async cleanup() {
      closeWriter(db);
      await db.$disconnect();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
