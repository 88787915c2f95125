import { Prisma } from "@/server/db/generated/client";
import type { Db } from "@/server/db/client";

/** Every text column of every table, read from the database's own catalogue (new tables are covered without listing them). */
export async function textColumns(db: Db, dialect: "sqlite" | "postgresql"): Promise<{ table: string; column: string }[]> {
  if (dialect === "postgresql") {
    return db.$queryRaw<{ table: string; column: string }[]>`
      SELECT CAST(table_name AS TEXT) AS "table", CAST(column_name AS TEXT) AS "column" FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
      ORDER BY table_name, ordinal_position`;
  }
  const tables = await db.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`;
  const out: { table: string; column: string }[] = [];
  for (const { name } of tables) {
    const cols = await db.$queryRawUnsafe<{ name: string; type: string }[]>(`PRAGMA table_info("${name.replace(/"/g, '""')}")`);
    // SQLite's type affinity: a declared type containing CHAR, CLOB or TEXT holds text (JSON columns too).
    for (const c of cols) if (/CHAR|CLOB|TEXT|JSON/i.test(c.type)) out.push({ table: name, column: c.name });
  }
  return out;
}

/**
 * "table.column: value…" for every stored value, in any table, that contains `needle`
 * (case-insensitive). Reads the catalogue, so it covers tables nobody listed here.
 */
export async function rowsContainingText(db: Db, dialect: "sqlite" | "postgresql", needle: string): Promise<string[]> {
  const hits: string[] = [];
  const pattern = `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  for (const { table, column } of await textColumns(db, dialect)) {
    const col = Prisma.raw(`"${column.replace(/"/g, '""')}"`);
    const rows = await db.$queryRaw<{ v: string }[]>`
      SELECT CAST(${col} AS TEXT) AS v FROM ${Prisma.raw(`"${table.replace(/"/g, '""')}"`)}
      WHERE LOWER(CAST(${col} AS TEXT)) LIKE ${pattern} ESCAPE '\\'`;
    for (const r of rows) hits.push(`${table}.${column}: ${r.v.slice(0, 160)}`);
  }
  return hits;
}
