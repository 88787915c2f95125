import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { sqliteFileFromUrl } from "./url";

export type Db = InstanceType<typeof PrismaClient>;
/** The client handed to an interactive transaction's callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** Anything that can run queries: the client or an open transaction. */
export type DbOrTx = Db | Tx;

/** Busy timeout: how long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/** The SQLite file behind each client (hot paths open their own connection to it: server/db/sqlite-writer.ts). */
// On globalThis: Next.js can bundle this module more than once per process (one copy per chunk),
// and the client made by one copy must be recognised by every other.
const FILES: WeakMap<Db, string> = ((globalThis as { caioDbFiles?: WeakMap<Db, string> }).caioDbFiles ??= new WeakMap());

export function sqliteFileOf(db: Db): string | undefined {
  return FILES.get(db);
}

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

/**
 * Opens the database named by `url` through the better-sqlite3 driver adapter.
 * The adapter holds one connection per client; every query of this process goes through it.
 */
export function createDb(url: string): Db {
  let file: string;
  try {
    file = sqliteFileFromUrl(url);
  } catch (e) {
    throw new DatabaseConfigError((e as Error).message);
  }
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const client = new PrismaClient({ adapter });
  FILES.set(client, file);
  return client;
}

/**
 * Connection settings, applied once per client before first use:
 * - WAL: readers never block the writer, and the app and the executor (two processes) share the file.
 * - synchronous=FULL for the whole database: sends, limit counters and the audit chain must survive
 *   power loss, and splitting durability per table is not possible in one SQLite file. The cost
 *   (one extra fsync per commit) is small next to a GHL call.
 * - foreign_keys on (SQLite's default is off).
 */
export async function prepareDb(db: Db): Promise<void> {
  try {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
    await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    await db.$executeRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/not a database|file is encrypted|malformed/i.test(msg)) {
      throw new DatabaseConfigError(
        "DATABASE_URL points at a file that is not a SQLite database (or is corrupt). Point it at a new path and run `npm run db:migrate`.",
      );
    }
    if (/unable to open|SQLITE_CANTOPEN|no such file|directory does not exist/i.test(msg)) {
      throw new DatabaseConfigError(
        "The database file named by DATABASE_URL cannot be opened: check that its folder exists and is writable.",
      );
    }
    throw e;
  }
}

const globalForDb = globalThis as unknown as { caioDb?: Db; caioDbReady?: Promise<void> };

/** The process-wide client (one per process; reused across Next.js hot reloads). */
export function getDb(): Db {
  if (!globalForDb.caioDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new DatabaseConfigError("DATABASE_URL is not set. Example: DATABASE_URL=file:./data/dev.db");
    globalForDb.caioDb = createDb(url);
  }
  return globalForDb.caioDb;
}

/** Resolves once the process-wide client is configured; call before the first query of a process. */
export function dbReady(): Promise<void> {
  globalForDb.caioDbReady ??= prepareDb(getDb());
  return globalForDb.caioDbReady;
}
