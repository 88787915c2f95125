import { createRequire } from "node:module";
import path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { WORKER_SOURCE } from "./pg-sync-worker";

/**
 * PostgreSQL with the synchronous statement API of better-sqlite3 (prepare / run / get / all /
 * pluck / transaction().immediate()), for the code that runs whole write transactions without
 * yielding the event loop: the send claim (server/db/sqlite-writer.ts) and the executor's queue
 * (inngest/executor/store.ts). One connection per instance, held by a worker thread running `pg`;
 * the calling thread posts a statement and blocks on Atomics.wait until the reply is on its port.
 *
 * Blocking is bounded like SQLite's busy timeout: `lock_timeout` is short, and a statement that
 * would wait longer for a row lock fails with 55P03, which isRetryable() reports so the caller
 * rolls back and retries asynchronously (the lock holder may be a Prisma transaction of this very
 * process, which cannot progress while we block). Deadlocks (40P01) and serialization failures
 * (40001) are retried the same way.
 *
 * Rows come back shaped as better-sqlite3 returns them: int8 as number, booleans as 1/0,
 * timestamps as text (readers parse "YYYY-MM-DD HH:MM:SS.mmm" as UTC).
 */


/** SQLSTATEs after which the whole transaction can simply run again. */
const RETRYABLE = new Set(["40001", "40P01", "55P03"]);

export class PgSyncError extends Error {
  override name = "PgSyncError";
  constructor(message: string, readonly code: string | undefined, readonly detail?: string) {
    super(message);
  }
}

export const isRetryablePgError = (e: unknown) => e instanceof PgSyncError && e.code !== undefined && RETRYABLE.has(e.code);

/** `?` and `@name` placeholders (better-sqlite3 style) to `$n`, outside quoted text. Names map to their first index. */
export function toPgPlaceholders(sql: string): { text: string; names: string[] | null; count: number } {
  let out = "";
  let n = 0;
  const names: string[] = [];
  let named = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (c === "?") {
      out += `$${++n}`;
    } else if (c === "@" && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      named = true;
      let k = names.indexOf(m);
      if (k < 0) k = names.push(m) - 1;
      out += `$${k + 1}`;
      i += m.length;
    } else {
      out += c;
    }
  }
  return { text: out, names: named ? names : null, count: named ? names.length : n };
}

export interface PgSyncOptions {
  /** Longest wait for a row lock before 55P03 (the caller backs off and retries). */
  lockTimeoutMs?: number;
  /** Isolation of transaction().immediate(). Deferred transactions are REPEATABLE READ READ ONLY snapshots. */
  writeIsolation?: "READ COMMITTED" | "SERIALIZABLE";
}

export class PgSyncStatement {
  private plucked = false;
  private parsed: ReturnType<typeof toPgPlaceholders>;
  constructor(private conn: PgSyncConnection, sql: string) {
    this.parsed = toPgPlaceholders(sql);
  }

  pluck(): this {
    this.plucked = true;
    return this;
  }

  private params(args: unknown[]): unknown[] {
    const { names } = this.parsed;
    if (names) {
      const obj = (args[0] ?? {}) as Record<string, unknown>;
      return names.map((k) => norm(obj[k]));
    }
    return args.map(norm);
  }

  run(...args: unknown[]): { changes: number } {
    return { changes: this.conn.query(this.parsed.text, this.params(args)).rowCount };
  }

  get(...args: unknown[]): unknown {
    const row = this.conn.query(this.parsed.text, this.params(args)).rows[0];
    return this.plucked && row ? Object.values(row)[0] : row;
  }

  all(...args: unknown[]): unknown[] {
    const rows = this.conn.query(this.parsed.text, this.params(args)).rows;
    return this.plucked ? rows.map((r) => Object.values(r)[0]) : rows;
  }
}

interface Reply {
  id: number;
  rows: Record<string, unknown>[];
  rowCount: number;
  command?: string;
  error?: { message: string; code?: string; detail?: string };
}

const norm = (v: unknown) => (v === undefined ? null : typeof v === "bigint" ? v.toString() : v);

/** How long the calling thread waits for one reply; statement_timeout (below it) ends runaway statements first. */
const REPLY_TIMEOUT_MS = 120_000;
const STATEMENT_TIMEOUT_MS = 60_000;

export class PgSyncConnection {
  readonly dialect = "postgresql" as const;
  private worker: Worker;
  private port: MessagePort;
  private signal = new Int32Array(new SharedArrayBuffer(4));
  private depth = 0;
  private savepoints = 0;
  private nextId = 0;
  private closed = false;
  private writeIsolation: string;

  constructor(url: string, opts: PgSyncOptions = {}) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.writeIsolation = opts.writeIsolation ?? "READ COMMITTED";
    const pgPath = createRequire(path.join(process.cwd(), "package.json")).resolve("pg");
    const setup = `SET lock_timeout = ${Math.max(1, Math.round(opts.lockTimeoutMs ?? 5))}; SET statement_timeout = ${STATEMENT_TIMEOUT_MS}; SET TIME ZONE 'UTC'`;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, pgPath, setup, signal: this.signal.buffer, port: port2 }, transferList: [port2] });
    this.worker.unref();
    this.port.unref();
    // A worker that dies (it should not: its errors are replies) must not take the process down;
    // the next statement then times out with a PgSyncError, which callers treat as any database error.
    this.worker.on("error", () => undefined);
  }

  get open(): boolean {
    return !this.closed;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  query(sql: string, params: unknown[] = []): Reply {
    if (this.closed) throw new PgSyncError("the PostgreSQL connection is closed", undefined);
    return this.send({ sql, params });
  }

  private send(msg: object): Reply {
    // Every request carries an id and its reply echoes it: a reply that arrives late (after a
    // timeout) is discarded instead of being taken for the answer to a later statement.
    const id = (this.nextId = (this.nextId % 2_000_000_000) + 1);
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage({ ...msg, id });
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const r = receiveMessageOnPort(this.port)?.message as Reply | undefined;
      if (r && r.id === id) {
        if (r.error) throw new PgSyncError(r.error.message, r.error.code, r.error.detail);
        return r;
      }
      if (r) continue; // a stale reply
      const left = deadline - Date.now();
      if (left <= 0) throw new PgSyncError("PostgreSQL did not answer in time", undefined);
      // Sleeps until the worker signals (the value changes); after a stale reply the value is
      // already set, so this then polls every millisecond until ours is on the port.
      const seen = Atomics.load(this.signal, 0);
      Atomics.wait(this.signal, 0, seen, seen === 0 ? left : Math.min(left, 1));
    }
  }

  /** Runs a script of one or more statements without parameters (better-sqlite3's exec). */
  exec(sql: string): this {
    if (this.closed) throw new PgSyncError("the PostgreSQL connection is closed", undefined);
    this.send({ sql, params: null });
    return this;
  }

  prepare(sql: string): PgSyncStatement {
    return new PgSyncStatement(this, sql);
  }

  /** better-sqlite3's transaction(): called inside a transaction it is a savepoint; .immediate() and .deferred() begin one. */
  transaction<T>(fn: () => T): { (): T; immediate(): T; deferred(): T } {
    const nested = () => {
      if (this.depth === 0) return this.wrap(fn, `BEGIN ISOLATION LEVEL ${this.writeIsolation}`);
      const name = `sp${++this.savepoints}`;
      this.query(`SAVEPOINT ${name}`);
      this.depth++;
      try {
        const r = fn();
        this.query(`RELEASE SAVEPOINT ${name}`);
        return r;
      } catch (e) {
        try {
          this.query(`ROLLBACK TO SAVEPOINT ${name}`);
        } catch {
          /* the connection is gone: the outer transaction ends with it; report the first error */
        }
        throw e;
      } finally {
        this.depth--;
      }
    };
    return Object.assign(nested, {
      immediate: () => this.wrap(fn, `BEGIN ISOLATION LEVEL ${this.writeIsolation}`),
      deferred: () => this.wrap(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
    });
  }

  private wrap<T>(fn: () => T, begin: string): T {
    if (this.depth > 0) throw new PgSyncError("cannot start a transaction within a transaction", undefined);
    this.query(begin);
    this.depth = 1;
    try {
      const r = fn();
      // PostgreSQL answers COMMIT of a transaction an error aborted with ROLLBACK, not an error.
      if (this.query("COMMIT").command !== "COMMIT") throw new PgSyncError("the transaction was aborted and rolled back", "25P02");
      return r;
    } catch (e) {
      try {
        this.query("ROLLBACK");
      } catch {
        /* the connection is gone: nothing to roll back */
      }
      throw e;
    } finally {
      this.depth = 0;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.send({ close: true });
    } catch {
      /* closing anyway */
    }
    void this.worker.terminate();
    this.port.close();
  }
}
