import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPostgres } from "@/server/testing/test-db";
import { migratePg, PG_MIGRATIONS_DIR, readMigrations } from "./pg-migrate";

// PostgreSQL only (the PostgreSQL pass of scripts/test-all.sh): the migrator that stands in for
// `prisma migrate deploy` there. Each test works on a database of its own.
const server = process.env.TEST_PG_URL ?? "";
const created: string[] = [];

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

async function freshDatabase(): Promise<string> {
  const name = `caio_mig_${randomBytes(5).toString("hex")}`;
  await admin(`CREATE DATABASE ${name}`);
  created.push(name);
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe.skipIf(!onPostgres)("PostgreSQL migrations (scripts/pg-migrate.ts)", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "caio-migs-"));
  });
  afterAll(async () => {
    rmSync(tmp, { recursive: true, force: true });
    for (const n of created) await admin(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  });

  it("three instances starting at once apply each migration exactly once, recorded as Prisma records it", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migratePg(url), migratePg(url), migratePg(url)]);
    const files = readMigrations();
    expect(results.flatMap((r) => r.applied).sort()).toEqual(files.map((f) => f.name));
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number; finished_at: Date | null; logs: string | null }>(
      url, `SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const r of rows) {
      const bytes = readFileSync(path.join(PG_MIGRATIONS_DIR, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(r).toMatchObject({ applied_steps_count: 1, logs: null });
      expect(r.finished_at).toBeInstanceOf(Date);
    }
    // Prisma's column types, so its native engine reads this history as its own.
    const cols = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      url, `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY column_name`,
    );
    expect(Object.fromEntries(cols.map((c) => [c.column_name, `${c.data_type} ${c.is_nullable}`]))).toEqual({
      applied_steps_count: "integer NO", checksum: "character varying NO", finished_at: "timestamp with time zone YES", id: "character varying NO",
      logs: "text YES", migration_name: "character varying NO", rolled_back_at: "timestamp with time zone YES", started_at: "timestamp with time zone NO",
    });
    // The tables exist and the app's models work on them.
    expect(await query(url, `SELECT count(*) FROM "Draft"`)).toEqual([{ count: "0" }]);
    expect((await migratePg(url)).applied).toEqual([]);
  });

  it("a failing migration is rolled back whole and not recorded; the next run applies it once fixed", async () => {
    const url = await freshDatabase();
    const dir = path.join(tmp, "history");
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    };
    write("20990101000000_one", `CREATE TABLE "A" ("id" TEXT PRIMARY KEY);`);
    write("20990101000001_two", `CREATE TABLE "B" ("id" TEXT PRIMARY KEY);\nINSERT INTO "Nope" VALUES (1);`);
    await expect(migratePg(url, { dir })).rejects.toThrow(/20990101000001_two failed and was rolled back/);
    expect((await query<{ migration_name: string }>(url, `SELECT "migration_name" FROM "_prisma_migrations"`)).map((r) => r.migration_name)).toEqual(["20990101000000_one"]);
    expect(await query(url, `SELECT to_regclass('"B"') AS b`)).toEqual([{ b: null }]);
    write("20990101000001_two", `CREATE TABLE "B" ("id" TEXT PRIMARY KEY);`);
    expect((await migratePg(url, { dir })).applied).toEqual(["20990101000001_two"]);
  });

  it("refuses to run over a migration Prisma recorded as failed", async () => {
    const url = await freshDatabase();
    const dir = path.join(tmp, "failed");
    mkdirSync(path.join(dir, "20990101000000_one"), { recursive: true });
    writeFileSync(path.join(dir, "20990101000000_one", "migration.sql"), `SELECT 1;`);
    await migratePg(url, { dir });
    await query(url, `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at") VALUES ('x', 'y', '20990101000001_broken', now())`);
    await expect(migratePg(url, { dir })).rejects.toThrow(/recorded as failed/);
  });
});
