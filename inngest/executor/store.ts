import { isRetryable, openSyncConnection, type SyncConnection } from "@/server/db/sync-connection";

/**
 * Every SQL statement on the executor's tables, on the executor's own better-sqlite3 connection to
 * the app database (same file, WAL, synchronous=FULL). Statements are synchronous and a write
 * transaction runs from BEGIN IMMEDIATE to COMMIT without yielding the event loop: it is short
 * (~0.02 ms a statement plus one fsync) and can never be interleaved with other work of this
 * process. Why not Prisma here: one model-API query costs ~3 ms and a raw one ~0.7 ms on this
 * machine; the queue does a dozen per step.
 *
 * Plain SQL (quoted identifiers, INSERT ... ON CONFLICT, true/false, no SQLite JSON functions) that
 * runs as written on PostgreSQL too (issue #9), through PgSyncConnection (server/db/pg-sync.ts): JSON
 * columns are read and written as text and handled in TypeScript. On PostgreSQL:
 * - write transactions are SERIALIZABLE: the executor's logic was written against SQLite's one
 *   writer at a time (read a run's stack, then write it back), and SERIALIZABLE keeps exactly that
 *   meaning when several executors share the database; a conflict (40001), deadlock (40P01) or a lock
 *   wait over BUSY_TIMEOUT_MS (55P03) rolls back and `tx` runs the function again, like SQLITE_BUSY;
 * - the due query takes its rows FOR UPDATE SKIP LOCKED, so executors lease disjoint items instead
 *   of queueing behind (or conflicting on) each other's candidates.
 */

/** How long SQLite itself waits for a lock. Short: it blocks the event loop (see `tx`). */
const BUSY_TIMEOUT_MS = 5;
/** How long `tx` keeps retrying a busy database before giving up (the app's busy timeout is 10 s). */
const LOCK_WAIT_MS = 30_000;

export interface QueueRow {
  id: string;
  runId: string;
  kind: string;
  stepId: string;
  attempt: number;
  payload: string;
  functionId: string;
  status: string;
  concurrency: string;
  availableAt: number;
}

export interface NewQueueItem {
  id: string;
  runId: string;
  kind: "CALL" | "SLEEP" | "WAIT_TIMEOUT";
  stepId: string;
  attempt: number;
  availableAt: number;
  payload: string;
  createdAt: number;
}

export interface StepRow {
  stepId: string;
  status: string;
  attempts: number;
  data: string | null;
  error: string | null;
}

/** DateTime columns hold text in the form Prisma writes and reads. */
export const isoTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function prepareAll(db: SyncConnection) {
  const p = (sql: string) => db.prepare(sql);
  const pg = db.dialect === "postgresql";
  return {
    // Queue
    insertItem: p(`INSERT INTO "ExecQueueItem" ("id", "runId", "kind", "stepId", "attempt", "availableAt", "payload", "createdAt")
      VALUES (@id, @runId, @kind, @stepId, @attempt, @availableAt, @payload, @createdAt)`),
    claimItem: p(`DELETE FROM "ExecQueueItem" WHERE "id" = ? AND "leaseOwner" = ?`),
    deleteItemsOfRun: p(`DELETE FROM "ExecQueueItem" WHERE "runId" = ?`),
    deleteTimeoutItem: p(`DELETE FROM "ExecQueueItem" WHERE "runId" = ? AND "kind" = 'WAIT_TIMEOUT' AND "stepId" = ?`),
    countItemsOfRun: p(`SELECT COUNT(*) AS n FROM "ExecQueueItem" WHERE "runId" = ?`).pluck(),
    due: p(`SELECT q."id", q."runId", q."kind", q."stepId", q."attempt", q."payload", q."availableAt", r."functionId", r."status", r."concurrency"
      FROM "ExecQueueItem" q JOIN "ExecRun" r ON r."id" = q."runId"
      WHERE q."availableAt" <= @now AND (q."leaseUntil" IS NULL OR q."leaseUntil" < @now)
      ORDER BY q."availableAt" LIMIT @limit${pg ? " FOR UPDATE OF q SKIP LOCKED" : ""}`),
    dueOfRun: p(`SELECT q."id", q."runId", q."kind", q."stepId", q."attempt", q."payload", q."availableAt", r."functionId", r."status", r."concurrency"
      FROM "ExecQueueItem" q JOIN "ExecRun" r ON r."id" = q."runId"
      WHERE q."runId" = @runId AND q."availableAt" <= @now AND (q."leaseUntil" IS NULL OR q."leaseUntil" < @now)`),
    lease: p(`UPDATE "ExecQueueItem" SET "leaseOwner" = @owner, "leaseUntil" = @until WHERE "id" = @id AND ("leaseUntil" IS NULL OR "leaseUntil" < @now)`),
    renew: p(`UPDATE "ExecQueueItem" SET "leaseUntil" = ? WHERE "leaseOwner" = ?`),
    release: p(`UPDATE "ExecQueueItem" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "leaseOwner" = ?`),
    // A checkpoint's first statement: renews the call's lease only while that dispatch still holds it.
    holdCallLease: p(`UPDATE "ExecQueueItem" SET "leaseUntil" = @until
      WHERE "id" = @id AND "leaseOwner" = @owner AND "runId" = @runId AND "kind" = 'CALL' AND ("leaseUntil" >= @now OR @own = 1)
        AND EXISTS (SELECT 1 FROM "ExecRun" r WHERE r."id" = @runId AND r."functionId" = @functionId AND r."status" = 'RUNNING')`),
    // Runs
    insertRun: p(`INSERT INTO "ExecRun" ("id", "functionId", "eventId", "status", "attempts", "stack", "disableImmediate", "concurrency", "createdAt")
      VALUES (?, ?, ?, 'QUEUED', 0, '[]', false, ?, ?)`),
    runForCall: p(`SELECT r."status", r."stack", r."disableImmediate", e."payload" FROM "ExecRun" r JOIN "ExecEvent" e ON e."id" = r."eventId" WHERE r."id" = ?`),
    runRef: p(`SELECT "functionId", "eventId", "status", "stack" FROM "ExecRun" WHERE "id" = ?`),
    markRunning: p(`UPDATE "ExecRun" SET "status" = 'RUNNING', "startedAt" = ? WHERE "id" = ? AND "status" = 'QUEUED'`),
    countAttempt: p(`UPDATE "ExecRun" SET "attempts" = "attempts" + 1 WHERE "id" = ?`),
    setStack: p(`UPDATE "ExecRun" SET "stack" = ? WHERE "id" = ?`),
    setDisableImmediate: p(`UPDATE "ExecRun" SET "disableImmediate" = true WHERE "id" = ?`),
    setRunError: p(`UPDATE "ExecRun" SET "error" = ? WHERE "id" = ?`),
    endRun: p(`UPDATE "ExecRun" SET "status" = @status, "output" = @output, "error" = @error, "endedAt" = @endedAt
      WHERE "id" = @id AND "status" IN ('QUEUED', 'RUNNING')`),
    activeRunsOf: p(`SELECT "id", "eventId" FROM "ExecRun" WHERE "functionId" = ? AND "status" IN ('QUEUED', 'RUNNING')`),
    // Steps
    settledSteps: p(`SELECT "stepId", "status", "attempts", "data", "error" FROM "ExecStep" WHERE "runId" = ? AND "status" IN ('COMPLETED', 'FAILED')`),
    step: p(`SELECT "stepId", "status", "attempts", "data", "error" FROM "ExecStep" WHERE "runId" = ? AND "stepId" = ?`),
    insertStep: p(`INSERT INTO "ExecStep" ("runId", "stepId", "name", "op", "status", "attempts", "data", "error", "startedAt", "endedAt", "seq")
      VALUES (@runId, @stepId, @name, @op, @status, @attempts, @data, @error, @startedAt, @endedAt, @seq)`),
    updateStep: p(`UPDATE "ExecStep" SET "status" = @status, "attempts" = @attempts, "data" = @data, "error" = @error, "endedAt" = @endedAt, "seq" = @seq
      WHERE "runId" = @runId AND "stepId" = @stepId`),
    updateOpenStep: p(`UPDATE "ExecStep" SET "status" = @status, "attempts" = @attempts, "error" = @error WHERE "runId" = @runId AND "stepId" = @stepId`),
    // Events
    insertEvent: p(`INSERT INTO "ExecEvent" ("id", "externalId", "name", "payload", "ts", "receivedAt") VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT ("externalId") DO NOTHING`),
    eventByExternalId: p(`SELECT "id" FROM "ExecEvent" WHERE "externalId" = ?`).pluck(),
    eventPayload: p(`SELECT "payload" FROM "ExecEvent" WHERE "id" = ?`).pluck(),
    // Waits
    insertWait: p(`INSERT INTO "ExecWait" ("id", "runId", "stepId", "eventName", "expression", "expiresAt") VALUES (?, ?, ?, ?, ?, ?)`),
    waitsFor: p(`SELECT "id", "runId", "stepId", "expression" FROM "ExecWait" WHERE "eventName" = ?`),
    deleteWait: p(`DELETE FROM "ExecWait" WHERE "id" = ?`),
    deleteWaitOfStep: p(`DELETE FROM "ExecWait" WHERE "runId" = ? AND "stepId" = ?`),
    deleteWaitsOfRun: p(`DELETE FROM "ExecWait" WHERE "runId" = ?`),
    // Idempotency and cron
    claimIdempotency: p(`INSERT INTO "ExecIdempotency" ("key", "runId", "expiresAt") VALUES (@key, @runId, @expiresAt)
      ON CONFLICT ("key") DO UPDATE SET "runId" = excluded."runId", "expiresAt" = excluded."expiresAt" WHERE "ExecIdempotency"."expiresAt" <= @now`),
    claimCronTick: p(`INSERT INTO "ExecCronTick" ("functionId", "at", "runId") VALUES (?, ?, '') ON CONFLICT DO NOTHING`),
    setCronTickRun: p(`UPDATE "ExecCronTick" SET "runId" = ? WHERE "functionId" = ? AND "at" = ?`),
    // Functions
    functions: p(`SELECT "id", "appId", "config", "url" FROM "ExecFunction"`),
    deleteFunction: p(`DELETE FROM "ExecFunction" WHERE "id" = ?`),
    upsertFunction: p(`INSERT INTO "ExecFunction" ("id", "appId", "name", "config", "url", "syncedAt") VALUES (@id, @appId, @name, @config, @url, @syncedAt)
      ON CONFLICT ("id") DO UPDATE SET "appId" = excluded."appId", "name" = excluded."name", "config" = excluded."config", "url" = excluded."url", "syncedAt" = excluded."syncedAt"`),
  };
}

export type Statements = ReturnType<typeof prepareAll>;

export class Store {
  readonly sql: Statements;
  private db: SyncConnection;

  /** `database`: the SQLite file, or a postgres:// URL. */
  constructor(database: string) {
    this.db = openSyncConnection(database, { lockWaitMs: BUSY_TIMEOUT_MS, writeIsolation: "SERIALIZABLE" });
    this.sql = prepareAll(this.db);
  }

  /**
   * Runs `fn` as one write transaction (BEGIN IMMEDIATE: the write lock is taken first, so reads
   * inside see the latest state and no upgrade can fail). `fn` must be synchronous. When another
   * connection holds the lock — another process, or a Prisma transaction of this same process that
   * is awaiting something — we do not block (that would freeze the event loop and could deadlock
   * with the in-process holder); we back off asynchronously and try again.
   */
  async tx<T>(fn: () => T): Promise<T> {
    const run = this.db.transaction(fn);
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        return run.immediate();
      } catch (e) {
        if (!isRetryable(e) || Date.now() > deadline) throw e;
      }
      await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random())));
    }
  }

  /** Runs `fn` (reads only) on one consistent snapshot. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
