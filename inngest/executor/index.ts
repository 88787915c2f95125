import type { AddressInfo } from "node:net";
import { logger } from "@/server/logger";
import { resolveOptions, type Ctx, type ExecutorOptions } from "./context";
import { CronScheduler } from "./cron";
import { ingest, type IncomingEvent } from "./events";
import { loadFunctions, syncApp } from "./registry";
import { createServer } from "./server";
import { Store } from "./store";
import { Worker } from "./worker";

export type { ExecutorOptions, ExecutorTimings } from "./context";

export interface RunningExecutor {
  /** Base URL of the executor (event API at /e/{key}). */
  url: string;
  /** Re-syncs the app's functions now. */
  sync(): Promise<{ appId: string; functions: string[] }>;
  /** Sends events in-process (same path as POST /e/{key}). */
  send(events: IncomingEvent[]): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Starts the local Inngest-compatible executor: event API + sync endpoint over HTTP, the worker
 * loop over the durable queue in the app database, and cron triggers.
 */
export async function startExecutor(options: ExecutorOptions): Promise<RunningExecutor> {
  const opts = resolveOptions(options);
  if (!opts.signingKey) throw new Error("the executor needs a signing key (INNGEST_SIGNING_KEY)");
  if (!opts.eventKey) throw new Error("the executor needs an event key (INNGEST_EVENT_KEY)");
  const store = new Store(options.databaseFile);
  const ctx: Ctx = { store, timings: options.timings, opts, functions: new Map(), wake: () => worker.wake(), checkpoint: (input) => worker.checkpoint(input), inGroupCommit: (fn) => worker.inGroupCommit(fn) };
  const worker = new Worker(ctx);
  loadFunctions(ctx);
  const server = createServer(ctx);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host}:${port}`;
  worker.start();
  const cron = new CronScheduler(ctx);
  if (opts.cron) cron.start();

  let stopped = false;
  const syncing = opts.syncOnStart ? syncWithRetry(ctx, () => stopped) : Promise.resolve();
  logger.info({ url, functions: ctx.functions.size }, "executor: started");
  return {
    url,
    sync: () => syncApp(ctx),
    send: (events) => ingest(ctx, events),
    async stop() {
      stopped = true;
      cron.stop();
      await syncing;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await worker.stop();
      store.close();
    },
  };
}

/** At start the app may still be booting: retry the sync with a growing pause, in the background. */
async function syncWithRetry(ctx: Ctx, stopped: () => boolean): Promise<void> {
  for (let i = 0; !stopped(); i++) {
    try {
      await syncApp(ctx);
      return;
    } catch (e) {
      const wait = Math.min(500 * 2 ** i, 10_000);
      if (i % 5 === 0) logger.warn({ err: (e as Error).message, retryInMs: wait }, "executor: sync failed; retrying");
      if ((e as Error).name === "SyncError" && /rejected/.test((e as Error).message)) {
        logger.error({ err: (e as Error).message }, "executor: the app's functions use unsupported features");
        return;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
