import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackFetch } from "./loopback-fetch";

// The Inngest client's fetch must behave as fetch does for what the SDK reads: status, ok,
// headers, text/json bodies, bodiless statuses, errors; and must not touch non-loopback traffic.
let server: http.Server;
let base = "";
const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (req.url === "/204") {
        res.writeHead(204);
        res.end();
      } else if (req.url === "/409") {
        res.writeHead(409, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "stale" }));
      } else {
        res.setHeader("set-cookie", ["a=1", "b=2"]);
        res.writeHead(200, { "content-type": "application/json", "x-thing": "yes" });
        res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString("utf8") }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
});

describe("loopbackFetch", () => {
  it("posts a string body with its headers and returns a readable Response", async () => {
    const res = await loopbackFetch(new URL(`${base}/x`), { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer k" }, body: '{"é":1}' });
    expect([res.status, res.ok, res.headers.get("x-thing")]).toEqual([200, true, "yes"]);
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(await res.clone().json()).toEqual({ echo: '{"é":1}' });
    expect(await res.text()).toBe(JSON.stringify({ echo: '{"é":1}' }));
    const last = seen.at(-1)!;
    expect([last.method, last.headers.authorization, last.headers["content-length"]]).toEqual(["POST", "Bearer k", String(Buffer.byteLength('{"é":1}'))]);
  });

  it("handles a GET from a string URL, error statuses and bodiless answers", async () => {
    const got = await loopbackFetch(`${base}/x`);
    expect([got.status, seen.at(-1)!.method, seen.at(-1)!.body]).toEqual([200, "GET", ""]);
    const stale = await loopbackFetch(`${base}/409`, { method: "POST", body: "{}" });
    expect([stale.status, stale.ok, await stale.json()]).toEqual([409, false, { error: "stale" }]);
    const empty = await loopbackFetch(`${base}/204`, { method: "POST", body: "{}" });
    expect([empty.status, await empty.text()]).toEqual([204, ""]);
  });

  it("rejects when nothing listens, like fetch", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(loopbackFetch(`http://127.0.0.1:${port}/`, { method: "POST", body: "{}" })).rejects.toThrow();
  });

  it("hands anything else to the global fetch (Request objects, Headers, streams, other hosts)", async () => {
    const viaRequest = await loopbackFetch(new Request(`${base}/x`, { method: "POST", body: "r" }));
    expect(await viaRequest.json()).toEqual({ echo: "r" });
    const viaHeaders = await loopbackFetch(`${base}/x`, { method: "POST", headers: new Headers({ "x-a": "1" }), body: "h" });
    expect([await viaHeaders.json(), seen.at(-1)!.headers["x-a"]]).toEqual([{ echo: "h" }, "1"]);
    await expect(loopbackFetch("http://inngest-cloud.invalid/", { method: "POST", body: "{}" })).rejects.toThrow(/fetch failed/);
  });
});
