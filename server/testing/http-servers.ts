import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: http.Server) {
  return () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
}

/** Serves a Web-standard route handler (e.g. an app/api route's POST) on loopback. */
export async function serveRoute(handler: (req: Request) => Promise<Response>): Promise<TestServer> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const url = `http://127.0.0.1${req.url}`;
    const response = await handler(new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  return { url: await listen(server), close: closer(server) };
}

export type FakeClayMode = "ok" | "500" | "hang" | "401";

/** A Clay table webhook on loopback following Clay's contract: 200 on accept, errors as configured. */
export async function fakeClay(initial: FakeClayMode = "ok") {
  let mode: FakeClayMode = initial;
  const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") });
    if (mode === "hang") return; // never answers: the client's timeout must fire
    if (mode === "500") { res.writeHead(500, { "content-type": "application/json" }); return res.end('{"error":"internal"}'); }
    if (mode === "401") { res.writeHead(401); return res.end(); }
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"success"}');
  });
  const url = await listen(server);
  return { url, received, setMode: (m: FakeClayMode) => { mode = m; }, close: closer(server) };
}
