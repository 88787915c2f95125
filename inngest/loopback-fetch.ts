import http from "node:http";
import { keepAliveAgent, lostToIdleClose } from "./keep-alive";

/**
 * The Inngest client's `fetch`: requests to a loopback address (the local executor — events,
 * step checkpoints) go through node:http with a keep-alive agent, which costs a fraction of the
 * WHATWG fetch machinery per call; a checkpointing run makes one such call per step. Everything
 * else (Inngest Cloud, a self-hosted server elsewhere, streaming bodies, abort signals) is handed
 * to the global fetch unchanged.
 */
const agent = keepAliveAgent("http:");
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Statuses whose Response must not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** As undici's default headers/body timeouts: a call that hangs this long fails. */
const IDLE_TIMEOUT_MS = 300_000;

function plainHeaders(h: RequestInit["headers"]): Record<string, string> | undefined {
  if (h === undefined) return {};
  if (h instanceof Headers || Array.isArray(h)) return undefined;
  return h as Record<string, string>;
}

export const loopbackFetch: typeof fetch = (input, init) => {
  const url = typeof input === "string" ? new URL(input) : input instanceof URL ? input : undefined;
  const body = init?.body ?? undefined;
  const headers = plainHeaders(init?.headers);
  const simple = url && url.protocol === "http:" && LOOPBACK.has(url.hostname) && headers && (body === undefined || typeof body === "string") && !init?.signal;
  if (!simple) return fetch(input, init);
  return request(url, init?.method ?? "GET", headers, body as string | undefined, false);
};

/** One loopback request; a request lost to a keep-alive close race is sent again on a fresh socket (keep-alive.ts). */
function request(url: URL, method: string, headers: Record<string, string>, body: string | undefined, fresh: boolean): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const req = http.request(url, { method, agent: fresh ? false : agent, headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        const pairs: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
        resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? "", headers: pairs }));
      });
    });
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no answer from ${url.origin} within ${IDLE_TIMEOUT_MS} ms`)));
    req.on("error", (e) => (!fresh && lostToIdleClose(req, e) ? request(url, method, headers, body, true).then(resolve, reject) : reject(e)));
    req.end(body);
  });
}
