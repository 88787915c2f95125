import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDb, onPostgres } from "@/server/testing/test-db";
import { createDb, DatabaseConfigError, prepareDb } from "./client";

describe("database configuration errors are plain sentences", () => {
  it.each([["postgres-ish://nope"], ["file:"], ["./relative.db"]])("bad DATABASE_URL %s", (url) => {
    expect(() => createDb(url)).toThrow(DatabaseConfigError);
  });

  it("a file that is not a database", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "caio-corrupt-"));
    const file = path.join(dir, "corrupt.db");
    writeFileSync(file, "this is not sqlite ".repeat(200));
    const db = createDb(`file:${file}`);
    await expect(prepareDb(db)).rejects.toThrow(/not a SQLite database/);
  });

  it("a folder that does not exist", async () => {
    const db = createDb("file:/nonexistent-dir-caio/x/y.db");
    await expect(prepareDb(db)).rejects.toThrow(DatabaseConfigError);
  });

  it("a PostgreSQL server that cannot be reached", async () => {
    const db = createDb("postgresql://nobody@127.0.0.1:1/none");
    await expect(prepareDb(db)).rejects.toThrow(/cannot be reached/);
    await db.$disconnect();
  });

  it("the URL picks the client: postgres:// gives a PostgreSQL client, file: a SQLite one", async () => {
    const { targetOf } = await import("./client");
    expect(targetOf(createDb("postgres://u@127.0.0.1:1/d"))).toMatchObject({ dialect: "postgresql" });
    expect(targetOf(createDb("file:./data/x.db"))).toMatchObject({ dialect: "sqlite" });
  });

  it.skipIf(onPostgres)("a migrated database runs in WAL mode with synchronous=FULL and foreign keys on", async () => {
    const t = await createTestDb();
    const [mode] = await t.db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [sync] = await t.db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    const [fk] = await t.db.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>("PRAGMA foreign_keys");
    expect(mode.journal_mode).toBe("wal");
    expect(Number(sync.synchronous)).toBe(2);
    expect(Number(fk.foreign_keys)).toBe(1);
    await t.cleanup();
  });
});
