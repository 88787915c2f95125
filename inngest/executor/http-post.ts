import type http from "node:http";
import { pooledRequest } from "../keep-alive";

export { ResponseTooLarge } from "../keep-alive";

/**
 * The executor → app POST: through the keep-alive pool (keep-alive.ts), with a timeout and a
 * response size cap enforced while streaming (an oversized answer is cut off, not buffered).
 */
export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export async function post(url: URL, headers: Record<string, string>, body: string, opts: { timeoutMs: number; maxBytes: number }): Promise<PostResult> {
  const res = await pooledRequest(url, { method: "POST", headers, body, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes });
  return { status: res.status, headers: res.headers, text: res.body.toString("utf8") };
}
