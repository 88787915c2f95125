import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/server/db/client";
import { resetEnvForTests } from "@/server/env";
import { startExecutor, type ExecutorOptions, type RunningExecutor } from "@/inngest/executor";
import { generateKeys, waitFor as poll } from "@/inngest/executor/testing/harness";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { startExecutorProxy } from "./executor-proxy";
import { useGlobalDb } from "./global-db";
import { createTestDb, type TestDb } from "./test-db";

/**
 * The whole app on loopback for end-to-end tests of the pipeline on the local executor:
 * ONE node:http server hosting the app's real route handlers (RB2B and Clay webhooks, the Inngest
 * serve endpoint with every function of inngest/functions/index.ts, health routes), a fresh
 * migrated database, and the executor started in-process and synced, with signing/event keys
 * generated per harness. Nothing is mocked: events go from the routes through the real SDK client
 * to the executor's event API over HTTP, and the executor calls /api/inngest over HTTP.
 *
 * Use one harness per test file (beforeAll/afterAll). To add routes (e.g. the GHL webhook of the
 * send path), pass `routes: { "POST /api/webhooks/ghl": () => import("@/app/...").then((m) => m.POST) }`
 * — loaded after the environment is set, like the built-in ones.
 */

type WebHandler = (req: Request) => Promise<Response> | Response;
/** "METHOD /path" -> a loader of the route's exported handler (imported after the env is set). */
export type RouteLoaders = Record<string, () => Promise<WebHandler>>;

export interface PipelineHarnessOptions {
  /** Extra environment for the app (e.g. CLAY_WEBHOOK_URL, CLAY_SANDBOX_DELAY_MS, CLAY_CALLBACK_WAIT_S). */
  env?: Record<string, string | undefined>;
  /** Extra routes, or replacements of the built-in ones. */
  routes?: RouteLoaders;
  /** Executor tuning; cron is off by default so schedules do not start runs behind a test's back. */
  executor?: Partial<Omit<ExecutorOptions, "db" | "appUrl" | "signingKey" | "eventKey">>;
  /** Seed the default templates (drafting needs them). Default true. */
  seedTemplates?: boolean;
}

export interface StepFault {
  /** Step name as written in the function (`step.run("draft", …)`). */
  step: string;
  /** How many times to drop the result (default 1). */
  times?: number;
}

export interface PipelineHarness {
  /** Origin of the app server, e.g. http://127.0.0.1:41234 */
  url: string;
  db: Db;
  testDb: TestDb;
  executor: RunningExecutor;
  keys: { signingKey: string; eventKey: string };
  /** POSTs a delivery to the real RB2B route with the configured token. */
  postRb2b(payload: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Any request to the app server (path relative to its origin). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Sends events to the executor through the real SDK client (as the app does). */
  sendEvent(event: { name: string; data: Record<string, unknown>; id?: string }): Promise<void>;
  /** Polls `check` (usually a DB query) until it returns something other than undefined/null/false. */
  waitFor<T>(check: (db: Db) => Promise<T | undefined | null | false>, opts?: { timeoutMs?: number; what?: string }): Promise<T>;
  /** Changes the app's environment mid-test (undefined deletes); env() and derived caches see it. */
  setEnv(vars: Record<string, string | undefined>): void;
  /**
   * Fault hook: the next time the named step's result reaches the executor, it is lost (the
   * step's side effects are committed, the executor never learns the result), so the executor
   * runs the step again, as after a lost response or a crash. A result in a call's answer: the
   * answer is replaced by a 502. A checkpointed result: the checkpoint is refused with 409 (see
   * executor-proxy.ts) and the SDK stops there.
   */
  dropStepResult(fault: StepFault): void;
  /** How many step results the fault hook has dropped so far, by step name. */
  droppedResults: Map<string, number>;
  /** Waits until every run of the function (id without the app prefix) has ended; returns them. */
  finishedRuns(functionId: string, count?: number, timeoutMs?: number): Promise<{ id: string; status: string; output: string | null }[]>;
  stop(): Promise<void>;
}

const APP_ID = "caio-swarm";
const FINAL = ["COMPLETED", "FAILED", "CANCELLED"];

const BUILT_IN_ROUTES: RouteLoaders = {
  "POST /api/webhooks/rb2b": async () => (await import("@/app/api/webhooks/rb2b/route")).POST,
  "POST /api/webhooks/clay": async () => (await import("@/app/api/webhooks/clay/route")).POST,
  "GET /api/webhooks/clay/health": async () => (await import("@/app/api/webhooks/clay/health/route")).GET,
  "GET /api/health": async () => (await import("@/app/api/health/route")).GET,
  "GET /api/inngest": async () => (await import("@/app/api/inngest/route")).GET as unknown as WebHandler,
  "POST /api/inngest": async () => (await import("@/app/api/inngest/route")).POST as unknown as WebHandler,
  "PUT /api/inngest": async () => (await import("@/app/api/inngest/route")).PUT as unknown as WebHandler,
};

function toWebRequest(req: http.IncomingMessage, body: Buffer, origin: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === "string") headers.set(k, v);
    else if (Array.isArray(v)) for (const x of v) headers.append(k, x);
  }
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" || body.length === 0 ? undefined : new Uint8Array(body),
  });
}

async function writeWebResponse(res: http.ServerResponse, response: Response, body?: Buffer): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  res.end(body ?? Buffer.from(await response.arrayBuffer()));
}

/** Names of the steps an SDK answer reports as executed (206 with StepRun ops). */
function executedSteps(status: number, body: Buffer): string[] {
  if (status !== 206) return [];
  try {
    const ops = JSON.parse(body.toString("utf8")) as { op?: string; name?: string; displayName?: string }[];
    return Array.isArray(ops) ? ops.filter((o) => o.op === "StepRun").map((o) => o.displayName ?? o.name ?? "") : [];
  } catch {
    return [];
  }
}

export async function startPipelineHarness(opts: PipelineHarnessOptions = {}): Promise<PipelineHarness> {
  const testDb = await createTestDb();
  const db = testDb.db;
  useGlobalDb(db);
  if (opts.seedTemplates !== false) await ensureDefaultTemplates(db);

  const handlers = new Map<string, WebHandler>();
  const faults = new Map<string, number>();
  const droppedResults = new Map<string, number>();
  /** The first of these step names with a fault pending: that fault fires (counted, used up). */
  const takeFault = (names: string[]) => {
    const hit = names.find((s) => (faults.get(s) ?? 0) > 0);
    if (!hit) return undefined;
    const left = faults.get(hit)! - 1;
    if (left > 0) faults.set(hit, left);
    else faults.delete(hit);
    droppedResults.set(hit, (droppedResults.get(hit) ?? 0) + 1);
    return hit;
  };
  let origin = "";

  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", origin);
      const handler = handlers.get(`${req.method} ${url.pathname}`);
      if (!handler) {
        res.writeHead(404, { "content-type": "text/plain" });
        return void res.end(`no route for ${req.method} ${url.pathname}`);
      }
      const response = await handler(toWebRequest(req, Buffer.concat(chunks), origin));
      if (url.pathname !== "/api/inngest" || faults.size === 0) return await writeWebResponse(res, response);
      const body = Buffer.from(await response.arrayBuffer());
      const hit = takeFault(executedSteps(response.status, body));
      if (!hit) return await writeWebResponse(res, response, body);
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`fault injected: result of step "${hit}" dropped`);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`harness error: ${(e as Error).message}`);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const keys = generateKeys();
  const executor = await startExecutor({
    databaseFile: testDb.file, appUrl: `${origin}/api/inngest`, port: 0, syncOnStart: false, cron: false, backoffScale: 0.0005, pollMs: 20,
    ...opts.executor, ...keys,
  });
  // The app's client reaches the executor through a proxy that can lose checkpointed step results.
  const proxy = await startExecutorProxy(executor.url, (ops) => takeFault(ops.filter((o) => o.op === "StepRun").map((o) => o.displayName ?? o.name ?? "")) !== undefined);

  // The environment must be in place before the route modules load: the Inngest client snapshots
  // process.env when constructed, env() caches on first use (reset here and in setEnv).
  const saved = new Map<string, string | undefined>();
  const setEnv = (vars: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(vars)) {
      if (!saved.has(k)) saved.set(k, process.env[k]);
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };
  setEnv({
    DATABASE_URL: testDb.url,
    NEXTAUTH_URL: origin,
    APP_BASE_URL: origin,
    INNGEST_BASE_URL: proxy.url,
    INNGEST_EVENT_KEY: keys.eventKey,
    INNGEST_SIGNING_KEY: keys.signingKey,
    INNGEST_DEV: "0",
    RB2B_WEBHOOK_TOKEN: "e2e-rb2b-token",
    CLAY_CALLBACK_SECRET: "e2e-clay-callback-secret",
    CLAY_WEBHOOK_URL: undefined,
    CLAY_SANDBOX_DELAY_MS: "300",
    CLAY_SANDBOX_FAILURE_RATE: "0",
    CLAY_CALLBACK_WAIT_S: "3",
    ...opts.env,
  });
  const { inngest } = await import("@/inngest/client");
  inngest.setEnvVars(process.env);
  for (const [key, load] of Object.entries({ ...BUILT_IN_ROUTES, ...opts.routes })) handlers.set(key, await load());
  await executor.sync();

  const request = (path: string, init?: RequestInit) => fetch(new URL(path, origin), init);

  return {
    url: origin,
    db,
    testDb,
    executor,
    keys,
    request,
    async postRb2b(payload) {
      const token = process.env.RB2B_WEBHOOK_TOKEN ?? "";
      const res = await request(`/api/webhooks/rb2b?token=${encodeURIComponent(token)}`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async sendEvent(event) {
      inngest.setEnvVars(process.env);
      await inngest.send(event);
    },
    waitFor<T>(check: (db: Db) => Promise<T | undefined | null | false>, o: { timeoutMs?: number; what?: string } = {}) {
      return poll<T>(async () => (await check(db)) || undefined, o.timeoutMs ?? 20_000, o.what ?? "condition");
    },
    setEnv(vars) {
      setEnv(vars);
      inngest.setEnvVars(process.env);
    },
    dropStepResult(fault) {
      faults.set(fault.step, (faults.get(fault.step) ?? 0) + (fault.times ?? 1));
    },
    droppedResults,
    finishedRuns(functionId, count = 1, timeoutMs = 20_000) {
      const id = `${APP_ID}-${functionId}`;
      return poll(async () => {
        const runs = await db.execRun.findMany({ where: { functionId: id }, orderBy: { id: "asc" }, select: { id: true, status: true, output: true } });
        return runs.length >= count && runs.every((r) => FINAL.includes(r.status)) ? runs : undefined;
      }, timeoutMs, `${count} finished run(s) of ${id}`);
    },
    async stop() {
      await executor.stop();
      await proxy.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
      await testDb.cleanup();
    },
  };
}
