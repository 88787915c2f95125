import http from "node:http";
import https from "node:https";
import { keepAliveAgent, lostToIdleClose } from "../keep-alive";

/**
 * A small POST client for the executor → app calls: node:http with keep-alive agents (one pool per
 * process), cheaper per call than fetch's WHATWG machinery, with a timeout and a response size cap
 * enforced while streaming (an oversized answer is cut off, not buffered). A request lost to a
 * keep-alive close race is sent once more on a fresh socket (keep-alive.ts).
 */
const agents = { "http:": keepAliveAgent("http:"), "https:": keepAliveAgent("https:") };

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class ResponseTooLarge extends Error {
  override name = "ResponseTooLarge";
}

export function post(url: URL, headers: Record<string, string>, body: string, opts: { timeoutMs: number; maxBytes: number }, fresh = false): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const agent = fresh ? false : agents[url.protocol as keyof typeof agents];
    const req = client.request(url, { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) {
          req.destroy(new ResponseTooLarge(`the app answered more than ${opts.maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e) => (!fresh && lostToIdleClose(req, e) ? post(url, headers, body, opts, true).then(resolve, reject) : reject(e)));
    req.end(body);
  });
}
