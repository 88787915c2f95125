import { Prisma } from "./generated/client";

/**
 * A statement written with `?` placeholders (shared with the synchronous connections, which bind
 * them positionally) as a Prisma.Sql, so Prisma renders the placeholders its database wants: `?` on
 * SQLite, `$n` on PostgreSQL. Use with $executeRaw / $queryRaw instead of the *Unsafe variants.
 */
export function positionalSql(sql: string, params: readonly unknown[]): Prisma.Sql {
  const parts = sql.split("?");
  if (parts.length !== params.length + 1) throw new Error(`statement has ${parts.length - 1} placeholders but ${params.length} parameters`);
  return new Prisma.Sql(parts, params as unknown[]);
}
