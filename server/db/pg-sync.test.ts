import { describe, expect, it } from "vitest";
import { PgSyncConnection, toPgPlaceholders } from "./pg-sync";

describe("better-sqlite3 placeholders to PostgreSQL's", () => {
  it.each([
    [`SELECT * FROM "T" WHERE "a" = ? AND "b" = ?`, `SELECT * FROM "T" WHERE "a" = $1 AND "b" = $2`, null],
    [`UPDATE "T" SET "x" = @x WHERE "id" = @id AND "y" < @x`, `UPDATE "T" SET "x" = $1 WHERE "id" = $2 AND "y" < $1`, ["x", "id"]],
    [`SELECT '?', '@no', "we?ird" FROM "T" WHERE "a" = ?`, `SELECT '?', '@no', "we?ird" FROM "T" WHERE "a" = $1`, null],
  ])("%s", (sql, text, names) => {
    expect(toPgPlaceholders(sql)).toMatchObject({ text, names });
  });
});

it("a server that cannot be reached fails each statement with an error (no crash, no hang)", async () => {
  const c = new PgSyncConnection("postgresql://nobody@127.0.0.1:1/none");
  await new Promise((r) => setTimeout(r, 200)); // the worker's connect fails meanwhile, with nobody asking yet
  expect(() => c.prepare("SELECT 1").get()).toThrow(/ECONNREFUSED|connect/);
  expect(() => c.transaction(() => 1).immediate()).toThrow(/ECONNREFUSED|connect/);
  c.close();
});
