import { describe, expect, it } from "vitest";
import { toPgPlaceholders } from "./pg-sync";

describe("better-sqlite3 placeholders to PostgreSQL's", () => {
  it.each([
    [`SELECT * FROM "T" WHERE "a" = ? AND "b" = ?`, `SELECT * FROM "T" WHERE "a" = $1 AND "b" = $2`, null],
    [`UPDATE "T" SET "x" = @x WHERE "id" = @id AND "y" < @x`, `UPDATE "T" SET "x" = $1 WHERE "id" = $2 AND "y" < $1`, ["x", "id"]],
    [`SELECT '?', '@no', "we?ird" FROM "T" WHERE "a" = ?`, `SELECT '?', '@no', "we?ird" FROM "T" WHERE "a" = $1`, null],
  ])("%s", (sql, text, names) => {
    expect(toPgPlaceholders(sql)).toMatchObject({ text, names });
  });
});
