import http from "node:http";
import https from "node:https";

/**
 * node:http requests through one keep-alive pool per process, for the executor ↔ app calls (the
 * executor's post, the app's loopback fetch): a fraction of the WHATWG fetch machinery's cost per
 * call. A pooled socket is dropped after IDLE_SOCKET_MS idle, below Node's server default
 * (keepAliveTimeout 5 s, also the `Keep-Alive: timeout=5` hint), so the client does not write a
 * request into a socket the server is closing at that moment. Should it still happen, the request
 * fails with ECONNRESET on a reused socket before any answer: it never reached the server, and (as
 * Node's documentation advises) it is sent once more on a fresh socket. Seen in CI: a
 * send-approved call lost this way waited for the executor's retry backoff instead.
 */
const IDLE_SOCKET_MS = 4_000;

function keepAliveAgent(protocol: "http:" | "https:"): http.Agent {
  const options = { keepAlive: true, maxSockets: 64, timeout: IDLE_SOCKET_MS };
  return protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
}

const agents = { "http:": keepAliveAgent("http:"), "https:": keepAliveAgent("https:") };

/** The request failed on a pooled socket the server had closed, before any answer: safe to send again. */
function lostToIdleClose(req: http.ClientRequest, e: unknown): boolean {
  return req.reusedSocket && (e as NodeJS.ErrnoException | undefined)?.code === "ECONNRESET";
}

export class ResponseTooLarge extends Error {
  override name = "ResponseTooLarge";
}

export interface PooledRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** The whole call, answer included, must end within this. */
  timeoutMs: number;
  /** An answer larger than this is cut off while streaming (not buffered) with ResponseTooLarge. */
  maxBytes?: number;
}

export interface PooledResponse {
  status: number;
  statusMessage: string;
  headers: http.IncomingHttpHeaders;
  /** Header names and values in the order received (for building a WHATWG Response). */
  rawHeaders: string[];
  body: Buffer<ArrayBuffer>;
}

/** One request through the pool; a request lost to the idle-close race is sent once more on a fresh socket. */
export function pooledRequest(url: URL, r: PooledRequest, fresh = false): Promise<PooledResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const agent = fresh ? false : agents[url.protocol as keyof typeof agents];
    const headers = r.body === undefined ? r.headers : { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) };
    const req = client.request(url, { method: r.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (r.maxBytes !== undefined && size > r.maxBytes) {
          // Rejected here, first: an answer that arrived whole would otherwise still reach "end".
          reject(new ResponseTooLarge(`${url.origin} answered more than ${r.maxBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? "", headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer from ${url.origin} within ${r.timeoutMs} ms`)), r.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e) => (!fresh && lostToIdleClose(req, e) ? pooledRequest(url, r, true).then(resolve, reject) : reject(e)));
    req.end(r.body);
  });
}
