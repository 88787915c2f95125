import { randomBytes } from "node:crypto";
import { Inngest, type InngestFunction } from "inngest";
import { loopbackFetch } from "@/inngest/loopback-fetch";
import { createInngestHandler } from "@/inngest/serve";
import { startExecutor, type ExecutorOptions, type RunningExecutor } from "../index";
import { hostApp, type Handlers } from "./app-host";

export function generateKeys() {
  return { signingKey: `signkey-test-${randomBytes(32).toString("hex")}`, eventKey: `evtkey-${randomBytes(16).toString("hex")}` };
}

function makeClient(baseUrl: string, keys: { signingKey: string; eventKey: string }) {
  return new Inngest({ id: "test-app", baseUrl, eventKey: keys.eventKey, signingKey: keys.signingKey, isDev: false, fetch: loopbackFetch, logger: quietLogger });
}

export interface Harness {
  executor: RunningExecutor;
  client: ReturnType<typeof makeClient>;
  appUrl: string;
  keys: { signingKey: string; eventKey: string };
  /** Serves these functions (through inngest/serve.ts) and syncs them; `wrap` can observe the handlers' traffic. */
  serve(fns: InngestFunction.Any[], wrap?: (h: Handlers) => Handlers): Promise<void>;
  close(): Promise<void>;
}

/** App (real SDK handler over node:http) + in-process executor on one test database. */
export async function startHarness(db: { file: string }, opts: Partial<ExecutorOptions> = {}): Promise<Harness> {
  const keys = generateKeys();
  const app = await hostApp();
  const executor = await startExecutor({ databaseFile: db.file, appUrl: app.url, port: 0, syncOnStart: false, backoffScale: 0.0005, pollMs: 20, ...keys, ...opts });
  const client = makeClient(executor.url, keys);
  return {
    executor,
    client,
    appUrl: app.url,
    keys,
    async serve(fns, wrap = (h) => h) {
      app.setHandlers(wrap(createInngestHandler(fns, client) as unknown as Handlers));
      await executor.sync();
    },
    async close() {
      await executor.stop();
      await app.close();
    },
  };
}

const noop = () => undefined;
const quietLogger = { info: noop, warn: noop, error: noop, debug: noop };

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = "condition"): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
