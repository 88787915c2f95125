import type { FunctionConfig } from "./config";
import type { CheckpointInput, CheckpointResult } from "./checkpoint";
import type { Store } from "./store";

export interface StoredFunction {
  id: string;
  config: FunctionConfig;
  url: string;
}

export interface ExecutorOptions {
  /** The app's database holding the executor tables: a SQLite file path, or a postgres:// URL. */
  databaseFile: string;
  /** The app's serve endpoint, e.g. http://127.0.0.1:3000/api/inngest */
  appUrl: string;
  signingKey: string;
  eventKey: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Multiplies the retry backoff schedule (tests use 0.001). Default 1. */
  backoffScale?: number;
  /** Parallel calls to the app. Default 16. */
  maxInFlight?: number;
  /** Lease length; renewed while a call runs, so a crashed worker's items come back after this. */
  leaseMs?: number;
  /** Idle poll interval for due work (sleeps, retries, other processes' events). */
  pollMs?: number;
  /** Timeout of one call to the app. */
  requestTimeoutMs?: number;
  /** Sync with the app at start (retrying until it answers). Default true. */
  syncOnStart?: boolean;
  /** Run cron triggers. Default true. */
  cron?: boolean;
  /** Body size cap of the event API. */
  maxEventBodyBytes?: number;
  /**
   * Let the SDK run a run's steps back to back in one call and report each result to
   * `POST /v1/checkpoint/{runId}/async` (the SDK's async checkpointing), instead of one call per
   * step. Default true. Off: every step is its own call, as without `ctx.fn_id`.
   */
  checkpointing?: boolean;
  /** When given, the worker records where each call's time went (the benchmark prints it). */
  timings?: ExecutorTimings;
}

/** Per-item durations in ms, filled only when asked for (ExecutorOptions.timings). */
export interface ExecutorTimings {
  /** Due (availableAt) until the call to the app starts. */
  queueWait: number[];
  /** Reading the run's state for the call. */
  stateRead: number[];
  /** The HTTP call to the app: request, SDK handler, response, signature check. */
  appCall: number[];
  /** The transaction that records the result (includes the fsync). */
  apply: number[];
  /** Checkpoint requests from the SDK: request received until answered (includes the fsync). */
  checkpoint?: number[];
  /** Of which recording the steps: group commit wait, transaction, fsync. */
  checkpointRecord?: number[];
}

export type ResolvedOptions = Required<Omit<ExecutorOptions, "databaseFile" | "timings">>;

export function resolveOptions(o: ExecutorOptions): ResolvedOptions {
  return {
    appUrl: o.appUrl,
    signingKey: o.signingKey,
    eventKey: o.eventKey,
    host: o.host ?? "127.0.0.1",
    port: o.port ?? 8288,
    backoffScale: o.backoffScale ?? 1,
    maxInFlight: o.maxInFlight ?? 16,
    leaseMs: o.leaseMs ?? 15_000,
    pollMs: o.pollMs ?? 100,
    requestTimeoutMs: o.requestTimeoutMs ?? 5 * 60_000,
    syncOnStart: o.syncOnStart ?? true,
    cron: o.cron ?? true,
    maxEventBodyBytes: o.maxEventBodyBytes ?? 512 * 1024,
    checkpointing: o.checkpointing ?? true,
  };
}

export interface Ctx {
  store: Store;
  timings?: ExecutorTimings;
  opts: ResolvedOptions;
  /** Synced functions by id (mirrors ExecFunction). */
  functions: Map<string, StoredFunction>;
  /** Asks the worker loop to look for due work now. */
  wake(): void;
  /** Records steps the SDK checkpointed during a call (see checkpoint.ts). */
  checkpoint(input: CheckpointInput): Promise<CheckpointResult>;
  /**
   * Runs `fn` (synchronous, inside a write transaction) in the worker's group commit, leasing the
   * work it made due in the same transaction; resolves after the commit (events.ts `ingest`).
   */
  inGroupCommit<T>(fn: (now: number) => T): Promise<T>;
}
