import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { post, ResponseTooLarge } from "./executor/http-post";
import { loopbackFetch } from "./loopback-fetch";

/**
 * A server that closes a kept-alive connection as a second request arrives on it — what the
 * client sees when the server's keep-alive timeout fires just as it reuses the socket — or, with
 * `resetFresh`, drops every connection's first request too (a server that is really failing).
 */
async function flakyServer(opts: { resetFresh?: boolean } = {}) {
  const perSocket = new WeakMap<object, number>();
  const handled: string[] = [];
  const server = http.createServer((req, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (n === 2 || opts.resetFresh) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on("end", () => {
      handled.push(req.url ?? "");
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, handled, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe("keep-alive close race", () => {
  it("the executor's post: a call lost on a reused socket is sent again on a fresh one and answered", async () => {
    const s = await flakyServer();
    stop = s.close;
    const opts = { timeoutMs: 5_000, maxBytes: 1_000 };
    expect((await post(new URL(`${s.url}/a`), {}, "{}", opts)).text).toBe("ok");
    expect((await post(new URL(`${s.url}/b`), {}, "{}", opts)).text).toBe("ok"); // 1st try: reused socket, reset
    expect(s.handled).toEqual(["/a", "/b"]);
  });

  it("the app's loopback fetch: the same", async () => {
    const s = await flakyServer();
    stop = s.close;
    expect(await (await loopbackFetch(`${s.url}/c`, { method: "POST", headers: {}, body: "{}" })).text()).toBe("ok");
    expect(await (await loopbackFetch(`${s.url}/d`, { method: "POST", headers: {}, body: "{}" })).text()).toBe("ok");
    expect(s.handled).toEqual(["/c", "/d"]);
  });

  it("a reset on a fresh connection is an error (sent once, never in a loop)", async () => {
    const s = await flakyServer({ resetFresh: true });
    stop = s.close;
    await expect(post(new URL(`${s.url}/e`), {}, "{}", { timeoutMs: 5_000, maxBytes: 1_000 })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await expect(loopbackFetch(`${s.url}/f`, { method: "POST", headers: {}, body: "{}" })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(s.handled).toEqual([]);
  });
});

describe("limits of a pooled call", () => {
  async function server(handler: http.RequestListener) {
    const s = http.createServer(handler);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    stop = () => new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    });
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  }

  it("an answer over maxBytes is cut off with ResponseTooLarge; one at the limit is read whole", async () => {
    const url = await server((req, res) => {
      req.resume();
      res.writeHead(200);
      res.end("x".repeat(req.url === "/big" ? 1_001 : 1_000));
    });
    const opts = { timeoutMs: 5_000, maxBytes: 1_000 };
    expect((await post(new URL(`${url}/ok`), {}, "{}", opts)).text).toHaveLength(1_000);
    await expect(post(new URL(`${url}/big`), {}, "{}", opts)).rejects.toBeInstanceOf(ResponseTooLarge);
  });

  it("a call with no answer fails after timeoutMs, naming the server", async () => {
    const url = await server((req) => req.resume()); // never answers
    await expect(post(new URL(`${url}/hang`), {}, "{}", { timeoutMs: 200, maxBytes: 1_000 })).rejects.toThrow(`no answer from ${url} within 200 ms`);
  });
});
