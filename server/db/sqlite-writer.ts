import { fdatasync, fstatSync, openSync, closeSync, statSync } from "node:fs";
import { targetOf, type Db } from "./client";
import { isRetryable, openSyncConnection, type SyncConnection, type SyncStatement } from "./sync-connection";
import type { DbTarget } from "./url";

/**
 * A hot-path writer: its own better-sqlite3 connection to the app's database file (WAL,
 * foreign keys on; durable commits, see below) running SYNCHRONOUS units of work
 * with GROUP COMMIT: every unit queued while the previous batch ran goes into ONE write
 * transaction (BEGIN IMMEDIATE ... COMMIT), each unit in its own savepoint. So:
 * - each unit is atomic on its own (a unit that throws is rolled back to its savepoint and only
 *   its caller sees the error) and sees every earlier unit's writes (they are serialised);
 * - a caller learns its result only after the COMMIT (durable); if the COMMIT fails, every unit
 *   of the batch fails (callers fail closed);
 * - N units cost one fsync instead of N, and a unit's statements are prepared once and run in
 *   microseconds instead of a Prisma round trip each.
 * - on SQLite the fsync does not block the event loop: this connection commits with
 *   synchronous=NORMAL (the WAL is written, not synced) and the writer then syncs the WAL file on
 *   libuv's thread pool (fdatasync) before any unit of the batch learns its result. That is the
 *   durability of synchronous=FULL — a caller still hears "done" only once its commit is on disk —
 *   but the ~0.25 ms the sync takes here no longer stops the process from serving requests, and
 *   the units queued meanwhile make the next batch bigger. (Other connections may read a commit
 *   a moment before it is durable; every external effect — an e-mail sent, a 200 to a webhook —
 *   waits for a unit's result, i.e. for the sync, and a sync covers every earlier commit.)
 * The transaction never yields the event loop (it cannot interleave with other work of this
 * process). When the lock is held elsewhere (another process, or a Prisma transaction of this
 * process that is awaiting something) we do NOT block for long: SQLite waits at most
 * BUSY_TIMEOUT_MS, then we back off asynchronously and try again (the queue keeps filling, so
 * the next batch is bigger).
 * Why: the send claim through Prisma cost ~14 statements at 0.4-0.7 ms each plus a transaction;
 * see bench/guardrails.ts.
 *
 * On PostgreSQL (issue #9) the same units run through PgSyncConnection (server/db/pg-sync.ts) in a
 * READ COMMITTED transaction: every statement of a unit is an atomic conditional write or takes a
 * row lock (claim row keyed by draft, conditional draft move, conditional counter upserts, the
 * audit head row), so concurrent instances serialise on the rows they share, not on a file lock.
 * A lock wait longer than BUSY_TIMEOUT_MS, a deadlock or a serialization failure fails the batch
 * with a retryable error and the batch runs again, exactly like SQLITE_BUSY here.
 * Each batch first takes one advisory transaction lock, waiting for it in PostgreSQL's FIFO lock
 * queue for at most PG_WRITER_LOCK_WAIT_MS (then it backs off like on SQLITE_BUSY). Not for
 * correctness — the row locks give that — but every claim touches the same global counters and the
 * audit head, so batches serialise anyway, and without one lock taken first two batches that each
 * hold a row the other needs keep timing out and retrying together (measured: most claims of
 * `npm run bench -- guardrails --db pg` failed closed). Waiting in the queue, not polling with
 * try-lock, keeps it fair: with try-lock a busy instance re-took the lock before sleeping ones woke.
 * The wait blocks this thread, for at most one other instance's batch (MAX_BATCH units, no awaits).
 */
const PG_WRITER_LOCK_KEY = 4_121_977;
const PG_WRITER_LOCK_WAIT_MS = 1_000;
const BUSY_TIMEOUT_MS = 5;
/** How long a batch keeps retrying a busy database before its units fail (the Prisma claim allowed 60 s). */
const LOCK_WAIT_MS = 60_000;
/** Bounds the time one batch holds the write lock and the event loop (~0.1-0.3 ms a claim). */
const MAX_BATCH = 64;

interface Unit {
  work: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: unknown };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SqliteWriter {
  readonly conn: SyncConnection;
  private statements = new Map<string, SyncStatement>();
  private queue: Unit[] = [];
  private draining = false;
  /** SQLite: the WAL file this writer syncs after each batch (see the class comment). */
  private readonly wal: { path: string; fd?: number; ino?: number } | undefined;

  constructor(target: DbTarget | string) {
    this.conn = openSyncConnection(target, { lockWaitMs: BUSY_TIMEOUT_MS, writeIsolation: "READ COMMITTED" });
    if (this.conn.dialect === "sqlite") {
      this.conn.exec("PRAGMA synchronous = NORMAL");
      this.wal = { path: `${(this.conn as unknown as { name: string }).name}-wal` };
    }
  }

  /**
   * Makes every commit so far durable: fdatasync of the WAL on the thread pool. (PostgreSQL: its
   * COMMIT already was.) The file is reopened if SQLite replaced it (a new inode).
   */
  private async syncWal(): Promise<void> {
    const wal = this.wal;
    if (!wal) return;
    const ino = statSync(wal.path).ino;
    if (wal.fd === undefined || wal.ino !== ino) {
      if (wal.fd !== undefined) closeSync(wal.fd);
      wal.fd = openSync(wal.path, "r");
      wal.ino = fstatSync(wal.fd).ino;
    }
    const fd = wal.fd;
    await new Promise<void>((resolve, reject) => fdatasync(fd, (e) => (e ? reject(e) : resolve())));
  }

  /** A prepared statement, prepared once per connection. */
  prepare(sql: string): SyncStatement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.conn.prepare(sql)));
    return s;
  }

  /** Runs `fn` in a savepoint of the current unit: if it throws, only its writes are undone. */
  nested<T>(fn: () => T): T {
    if (!this.conn.inTransaction) throw new Error("SqliteWriter.nested outside a unit of work");
    return this.conn.transaction(fn)();
  }

  /**
   * Runs `fn` (reads only) at once on one consistent snapshot of this connection, without taking
   * the write lock (a deferred transaction; inside a unit of work it simply runs in it). For hot
   * reads that need no lock, e.g. the pipeline's profile and settings (profile.sql.ts).
   */
  read<T>(fn: () => T): T {
    if (this.conn.inTransaction) return fn();
    return this.conn.transaction(fn).deferred();
  }

  /** Queues a synchronous unit of work; resolves with its result once its batch has committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const deadline = Date.now() + LOCK_WAIT_MS;
        let results: Result[] | undefined;
        for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
          try {
            results = this.commit(batch);
            break;
          } catch (e) {
            if (!isRetryable(e) || Date.now() > deadline) {
              for (const u of batch) u.reject(e);
              break;
            }
          }
          await sleep(wait * (0.5 + Math.random()));
          while (batch.length < MAX_BATCH && this.queue.length) batch.push(this.queue.shift()!);
        }
        if (!results) continue;
        try {
          await this.syncWal();
        } catch (e) {
          // Committed, but whether it is on disk is unknown: every caller fails closed.
          for (const u of batch) u.reject(e);
          continue;
        }
        batch.forEach((u, i) => {
          const r = results[i];
          if (r.ok) u.resolve(r.value);
          else u.reject(r.error);
        });
      }
    } finally {
      this.draining = false;
      if (this.queue.length) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  /** One write transaction for the whole batch; each unit's result (handed out after the sync). */
  private commit(batch: Unit[]): Result[] {
    const results: Result[] = [];
    this.conn.transaction(() => {
      this.takeWriterLock();
      results.length = 0; // a retried batch runs every unit again on the state it now finds
      for (const u of batch) {
        try {
          results.push({ ok: true, value: this.nested(u.work) });
        } catch (error) {
          if (isRetryable(error)) throw error; // a lock wait ran out (PostgreSQL): the whole batch runs again
          results.push({ ok: false, error });
        }
      }
    }).immediate();
    return results;
  }

  /** PostgreSQL: the batch's first statement (SQLite's BEGIN IMMEDIATE already took the file's write lock). */
  private takeWriterLock(): void {
    if (this.conn.dialect !== "postgresql") return;
    // A lock wait past lock_timeout fails with 55P03 (retryable): the batch backs off and runs again.
    this.prepare("SELECT set_config('lock_timeout', ?, true)").get(String(PG_WRITER_LOCK_WAIT_MS));
    this.prepare("SELECT pg_advisory_xact_lock(?)").get(PG_WRITER_LOCK_KEY);
    this.prepare("SELECT set_config('lock_timeout', ?, true)").get(String(BUSY_TIMEOUT_MS));
  }

  close(): void {
    if (this.conn.open) this.conn.close();
    if (this.wal?.fd !== undefined) {
      closeSync(this.wal.fd);
      this.wal.fd = undefined;
    }
  }
}

// One writer per client and process, even when Next.js bundles this module more than once.
const WRITERS: WeakMap<Db, SqliteWriter> = ((globalThis as { caioDbWriters?: WeakMap<Db, SqliteWriter> }).caioDbWriters ??= new WeakMap());

/** The writer for this client's database (one per client, opened on first use). */
export function writerFor(db: Db): SqliteWriter {
  let w = WRITERS.get(db);
  if (!w) {
    const target = targetOf(db);
    if (!target) throw new Error("no database is known for this client (create it with createDb)");
    WRITERS.set(db, (w = new SqliteWriter(target)));
  }
  return w;
}

/** Closes this client's writer, if one was opened (before deleting the database file). */
export function closeWriter(db: Db): void {
  WRITERS.get(db)?.close();
  WRITERS.delete(db);
}
