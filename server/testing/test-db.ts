import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, prepareDb, type Db } from "@/server/db/client";
import { closeWriter } from "@/server/db/sqlite-writer";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

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
  file: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated SQLite database in its own temp folder (one per test file / worker). */
export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caio-test-"));
  const file = path.join(dir, "test.db");
  migrateFile(file);
  const url = `file:${file}`;
  const db = createDb(url);
  await prepareDb(db);
  return {
    db, url, file,
    async cleanup() {
      closeWriter(db);
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
