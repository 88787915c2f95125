import { pooledRequest } from "./keep-alive";

/**
 * The Inngest client's `fetch`: requests to a loopback address (the local executor — events,
 * step checkpoints) go through the keep-alive pool of keep-alive.ts, which costs a fraction of
 * the WHATWG fetch machinery per call; a checkpointing run makes one such call per step. Everything
 * else (Inngest Cloud, a self-hosted server elsewhere, streaming bodies, abort signals) is handed
 * to the global fetch unchanged.
 */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Statuses whose Response must not have a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** As undici's default headers/body timeouts: a call that takes this long fails. */
const TIMEOUT_MS = 300_000;

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
  return request(url, init?.method ?? "GET", headers, body as string | undefined);
};

/** One loopback request through the keep-alive pool (keep-alive.ts), as a WHATWG Response. */
async function request(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
  const res = await pooledRequest(url, { method, headers, body, timeoutMs: TIMEOUT_MS });
  const pairs: [string, string][] = [];
  for (let i = 0; i < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
  return new Response(NULL_BODY.has(res.status) ? null : res.body, { status: res.status, statusText: res.statusMessage, headers: pairs });
}
