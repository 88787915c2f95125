import Database from "better-sqlite3";
import { isRetryablePgError, PgSyncConnection, type PgSyncOptions } from "./pg-sync";
import { databaseTarget, type DbTarget } from "./url";

/**
 * A synchronous database connection: better-sqlite3 itself, or PostgreSQL through PgSyncConnection
 * (same API). The hot paths that run whole write transactions without yielding — the send claim
 * (sqlite-writer.ts) and the executor's queue (inngest/executor/store.ts) — use it, and their SQL is
 * written once for both dialects (quoted identifiers, true/false, ON CONFLICT, RETURNING). Where a
 * statement must differ, `conn.dialect` picks the variant next to the other.
 */
export interface SyncStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(): SyncStatement;
}

export interface SyncConnection {
  readonly dialect: "sqlite" | "postgresql";
  readonly inTransaction: boolean;
  readonly open: boolean;
  prepare(sql: string): SyncStatement;
  /** A parameterless script of one or more statements. */
  exec(sql: string): unknown;
  transaction<T>(fn: () => T): { (): T; immediate(): T; deferred(): T };
  close(): void;
}

export interface SyncOptions {
  /** SQLite busy_timeout / PostgreSQL lock_timeout: how long one statement may block on a lock. */
  lockWaitMs: number;
  /** PostgreSQL isolation of write transactions (SQLite's BEGIN IMMEDIATE is always serial). */
  writeIsolation?: PgSyncOptions["writeIsolation"];
}

/** Opens a SQLite file (WAL, synchronous=FULL, foreign keys on, like every connection; temp_store=MEMORY) or a PostgreSQL URL. */
export function openSyncConnection(target: DbTarget | string, opts: SyncOptions): SyncConnection {
  const t = typeof target === "string" ? (/^(file:|postgres)/.test(target) ? databaseTarget(target) : { dialect: "sqlite" as const, file: target }) : target;
  if (t.dialect === "postgresql") return new PgSyncConnection(t.url, { lockTimeoutMs: opts.lockWaitMs, writeIsolation: opts.writeIsolation });
  const db = new Database(t.file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma(`busy_timeout = ${opts.lockWaitMs}`);
  // Each unit of the writer runs in a savepoint, whose journal (the pages the unit changes) SQLite
  // otherwise moves to a temporary file once it outgrows a small buffer. In memory, one RB2B
  // delivery's unit cost ~45 µs less CPU (measured with its statements in a loop; intake benchmark).
  // Not set on the Prisma connection, whose large sorts (dashboard queries) may spill to disk.
  db.pragma("temp_store = MEMORY");
  return Object.assign(db, { dialect: "sqlite" as const }) as unknown as SyncConnection;
}

/** A lock wait that ran out (SQLITE_BUSY*), a deadlock or a serialization failure: roll back and run the transaction again. */
export function isRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return (typeof code === "string" && /^SQLITE_BUSY/.test(code)) || isRetryablePgError(e);
}
