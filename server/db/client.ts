import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { PrismaClient as PgPrismaClient } from "./generated-pg/client";
import { databaseTarget, type DbTarget } from "./url";

export type Db = InstanceType<typeof PrismaClient>;
/** The client handed to an interactive transaction's callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** Anything that can run queries: the client or an open transaction. */
export type DbOrTx = Db | Tx;

/** Busy timeout: how long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/** The database behind each client (hot paths open their own connection to it: server/db/sqlite-writer.ts). */
// On globalThis: Next.js can bundle this module more than once per process (one copy per chunk),
// and the client made by one copy must be recognised by every other.
const TARGETS: WeakMap<Db, DbTarget> = ((globalThis as { caioDbTargets?: WeakMap<Db, DbTarget> }).caioDbTargets ??= new WeakMap());

export function targetOf(db: Db): DbTarget | undefined {
  return TARGETS.get(db);
}

/** Connections per process in the PostgreSQL pool (Prisma's queries; the claim writer holds one more). */
const PG_POOL_SIZE = 10;

export class DatabaseConfigError extends Error {
  override name = "DatabaseConfigError";
}

/**
 * Opens the database named by `url`: a `file:` URL through the better-sqlite3 driver adapter (one
 * connection per client; every query of this process goes through it), a `postgres://` URL through
 * @prisma/adapter-pg (a pool). Both clients are generated from the same models (prisma/schema; the
 * PostgreSQL one from the schema scripts/db-pg.mjs derives), so they have the same API: the rest of
 * the app never asks which database it runs on.
 */
export function createDb(url: string): Db {
  let target: DbTarget;
  try {
    target = databaseTarget(url);
  } catch (e) {
    throw new DatabaseConfigError((e as Error).message);
  }
  const client =
    target.dialect === "postgresql"
      ? (new PgPrismaClient({ adapter: new PrismaPg({ connectionString: target.url, max: PG_POOL_SIZE }) }) as unknown as Db)
      : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.file, timeout: BUSY_TIMEOUT_MS }) });
  TARGETS.set(client, target);
  return client;
}

/**
 * Connection settings, applied once per client before first use:
 * - WAL: readers never block the writer, and the app and the executor (two processes) share the file.
 * - synchronous=FULL: sends, limit counters and the audit chain must survive power loss, and
 *   splitting durability per table is not possible in one SQLite file. (The hot-path writer gets
 *   the same durability by syncing the WAL itself after each group commit: sqlite-writer.ts.)
 * - foreign_keys on (SQLite's default is off).
 */
export async function prepareDb(db: Db): Promise<void> {
  if (targetOf(db)?.dialect === "postgresql") return preparePg(db);
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

/** PostgreSQL needs no per-connection settings (durability is the server's); check it answers, in plain words. */
async function preparePg(db: Db): Promise<void> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|timeout|Can't reach/i.test(msg)) {
      throw new DatabaseConfigError("The PostgreSQL server named by DATABASE_URL cannot be reached: check host, port and that it is running.");
    }
    if (/password authentication|authentication failed|role .* does not exist|database .* does not exist/i.test(msg)) {
      throw new DatabaseConfigError("PostgreSQL refused DATABASE_URL's user, password or database name.");
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
