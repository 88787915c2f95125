import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSlackPost {
  text: string;
  blocks: Record<string, unknown>[];
  /** What the test's clock said when the post arrived (a fake clock makes pacing checkable without wall time). */
  at: number;
  status: number;
}

/**
 * A Slack incoming webhook on loopback, following Slack's contract: 200 "ok" on success, 429 with
 * Retry-After (seconds) when rate limited, 400 "invalid_payload" for a body without text.
 * `script` answers the n-th request (0-based); requests past it get 200.
 */
export async function fakeSlack(opts: { clock: () => number; script?: Record<number, { status: number; retryAfter?: string }> }) {
  const posts: FakeSlackPost[] = [];
  let n = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { text?: string; blocks?: Record<string, unknown>[] };
    const scripted = opts.script?.[n++];
    const status = !body.text ? 400 : (scripted?.status ?? 200);
    posts.push({ text: body.text ?? "", blocks: body.blocks ?? [], at: opts.clock(), status });
    if (status === 429) {
      res.writeHead(429, { "content-type": "text/plain", ...(scripted?.retryAfter !== undefined ? { "retry-after": scripted.retryAfter } : {}) });
      return res.end("rate_limited");
    }
    if (status === 400) { res.writeHead(400, { "content-type": "text/plain" }); return res.end("invalid_payload"); }
    res.writeHead(status, { "content-type": "text/plain" });
    res.end(status === 200 ? "ok" : "error");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`;
  return {
    url, posts,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A clock whose sleeps advance virtual time instantly. */
export function fakeClock(start = Date.parse("2026-11-23T09:00:00Z")) {
  let t = start;
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => { t += ms; },
    advance: (ms: number) => { t += ms; },
    ms: () => t,
  };
}
