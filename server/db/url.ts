import path from "node:path";

/** Which database a DATABASE_URL names. The ONE place that tells the dialects apart (issue #9). */
export type DbTarget = { dialect: "sqlite"; file: string } | { dialect: "postgresql"; url: string };

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url.trim());

export function databaseTarget(url: string, cwd: string = process.cwd()): DbTarget {
  return isPostgresUrl(url) ? { dialect: "postgresql", url: url.trim() } : { dialect: "sqlite", file: sqliteFileFromUrl(url, cwd) };
}

/**
 * Turns a `file:` DATABASE_URL into an absolute file path, relative paths resolved against the
 * project root (the process cwd), so the CLI, the app, the executor and tests all open the same file.
 * Throws a plain-language error for anything else.
 */
export function sqliteFileFromUrl(url: string, cwd: string = process.cwd()): string {
  const trimmed = url.trim();
  if (!trimmed.startsWith("file:")) {
    throw new Error(
      `DATABASE_URL must start with "file:" (embedded SQLite) or "postgres://" (PostgreSQL) (got "${trimmed.split(":")[0] || trimmed}:..."). Example: DATABASE_URL=file:./data/dev.db`,
    );
  }
  const rest = trimmed.slice("file:".length).split("?")[0];
  if (!rest) throw new Error('DATABASE_URL "file:" has no path. Example: DATABASE_URL=file:./data/dev.db');
  if (rest === ":memory:") return rest;
  return path.isAbsolute(rest) ? rest : path.resolve(cwd, rest);
}
