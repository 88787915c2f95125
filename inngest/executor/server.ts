import http from "node:http";
import { z } from "zod";
import { logger } from "@/server/logger";
import type { Ctx } from "./context";
import { ingest, ingestInTx, incomingEventSchema } from "./events";
import { storeFunctions, syncApp, SyncError } from "./registry";
import { checkpointBodySchema, checkpointInput } from "./checkpoint";
import { cancelRun } from "./runs";
import { hashSigningKey, secretEquals } from "./signing";

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        // Keep draining (so the client reads our 413) but stop buffering.
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => (size > limit ? reject(new HttpError(413, `body larger than ${limit} bytes`)) : resolve(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Bearer auth of the admin/sync API: the signing key itself or its SDK-hashed form. */
function requireSigningKey(ctx: Ctx, req: http.IncomingMessage): void {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
  const ok = token !== "" && (secretEquals(token, ctx.opts.signingKey) || secretEquals(token, hashSigningKey(ctx.opts.signingKey)));
  if (!ok) throw new HttpError(401, "missing or wrong Authorization: Bearer <signing key>");
}

/** Step outputs travel in checkpoints: the same cap as a call's answer. */
const MAX_CHECKPOINT_BYTES = 16 * 1024 * 1024;

const eventList = z.array(incomingEventSchema).min(1, "no events").max(1000, "at most 1000 events per request");

async function route(ctx: Ctx, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? "/", "http://executor");
  const path = url.pathname;
  const method = req.method ?? "GET";

  // Event API (what the SDK's inngest.send and step.sendEvent call).
  const ev = /^\/e\/([^/]*)$/.exec(path);
  if (ev) {
    if (method !== "POST") throw new HttpError(405, "use POST");
    if (!ev[1] || !secretEquals(decodeURIComponent(ev[1]), ctx.opts.eventKey)) throw new HttpError(401, "unknown event key");
    const json = parseJson(await readBody(req, ctx.opts.maxEventBodyBytes));
    const parsed = eventList.safeParse(Array.isArray(json) ? json : [json]);
    if (!parsed.success) throw new HttpError(400, `invalid event: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`);
    const list = parsed.data;
    const reserved = list.find((e) => e.name.startsWith("inngest/"));
    if (reserved) throw new HttpError(400, `event name "${reserved.name}" is reserved for the executor`);
    const ids = await ingest(ctx, list);
    return { status: 200, body: { ids, status: 200 } };
  }
  if (path === "/health" && method === "GET") return { status: 200, body: { ok: true, functions: ctx.functions.size } };
  // Sync on demand (scripts/serve.ts calls this once the app is up).
  if (path === "/sync" && method === "POST") {
    requireSigningKey(ctx, req);
    const r = await syncApp(ctx);
    return { status: 200, body: { ok: true, ...r } };
  }
  // Out-of-band sync: the SDK posts its configs here when its endpoint gets a plain PUT.
  if (path === "/fn/register" && method === "POST") {
    requireSigningKey(ctx, req);
    const json = parseJson(await readBody(req, 4 * 1024 * 1024)) as { appName?: string; functions?: unknown[] };
    if (!Array.isArray(json?.functions)) throw new HttpError(400, "functions missing");
    await storeFunctions(ctx, json.appName ?? "app", json.functions);
    return { status: 200, body: { status: 200, modified: true } };
  }
  // The SDK's async checkpoints: step results of a call in progress (checkpoint.ts).
  const cp = /^\/v1\/checkpoint\/([^/]+)\/async$/.exec(path);
  if (cp && method === "POST") {
    const t0 = performance.now();
    requireSigningKey(ctx, req);
    const body = checkpointBodySchema.safeParse(parseJson(await readBody(req, MAX_CHECKPOINT_BYTES)));
    if (!body.success) throw new HttpError(400, `invalid checkpoint: ${body.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}`);
    const checked = checkpointInput(decodeURIComponent(cp[1]), body.data);
    if ("error" in checked) throw new HttpError(400, checked.error);
    const result = await ctx.checkpoint(checked.input);
    ctx.timings?.checkpoint?.push(performance.now() - t0);
    if (result === "stale") throw new HttpError(409, "this call no longer holds its run (cancelled, finished, or handed to another dispatch)");
    return { status: 200, body: { ok: true } };
  }
  if (path.startsWith("/v1/checkpoint") && method === "POST") {
    throw new HttpError(501, "only async checkpointing (/v1/checkpoint/{runId}/async) is supported by the local executor; durable endpoints (sync mode) are not");
  }
  // Cancel a run (Inngest's REST API shape: DELETE /v1/runs/:id).
  const cancel = /^\/v1\/runs\/([A-Za-z0-9]+)$/.exec(path);
  if (cancel && method === "DELETE") {
    requireSigningKey(ctx, req);
    const now = Date.now();
    const done = await ctx.store.tx(() => cancelRun(ctx.store, (evs) => ingestInTx(ctx, evs, now), cancel[1], "cancelled from the run viewer", now));
    ctx.wake();
    if (!done) throw new HttpError(409, "run not found or already finished");
    return { status: 200, body: { ok: true } };
  }
  throw new HttpError(404, `no route ${method} ${path}`);
}

export function createServer(ctx: Ctx): http.Server {
  return http.createServer((req, res) => {
    route(ctx, req)
      .catch((e: unknown) => {
        if (e instanceof HttpError) return { status: e.status, body: { error: e.message, status: e.status } };
        if (e instanceof SyncError) return { status: 422, body: { error: e.message, problems: e.problems, status: 422 } };
        logger.error({ err: e }, "executor: request failed");
        return { status: 500, body: { error: "internal error", status: 500 } };
      })
      .then(({ status, body }) => {
        if (res.headersSent) return;
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
  });
}
