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

/**
 * A Clay table on loopback that, when "up", accepts each row with 200 and then answers through the
 * row's callbackUrl (the app's real callback route) with the shared secret, as Clay's HTTP-API
 * column does; when "down" it refuses connections (the port is closed) — a real outage.
 */
export async function fakeClayTable(opts: { secret: string; enrich: (row: Record<string, unknown>) => Record<string, unknown>; callbackDelayMs?: number }) {
  const received: Record<string, unknown>[] = [];
  const callbacks: { requestId: string; status: number }[] = [];
  let server: http.Server | undefined;
  const reserve = http.createServer();
  const url = await listen(reserve);
  const port = Number(new URL(url).port);
  await closer(reserve)();

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const row = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
    received.push(row);
    res.writeHead(200, { "content-type": "application/json" });
    res.end('{"status":"success"}');
    // Clay answers seconds later; a short delay keeps the callback after the workflow's wait began.
    await new Promise((r) => setTimeout(r, opts.callbackDelayMs ?? 300));
    const requestId = String(row.requestId);
    const answer = await fetch(String(row.callbackUrl), {
      method: "POST",
      headers: { "content-type": "application/json", "x-clay-callback-secret": opts.secret },
      body: JSON.stringify({ requestId, status: "ok", data: opts.enrich(row) }),
    });
    await answer.arrayBuffer();
    callbacks.push({ requestId, status: answer.status });
  };

  return {
    /** Fixed for the fake's lifetime, whether it is up or down. */
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    callbacks,
    async up() {
      if (server) return;
      server = http.createServer((req, res) => void handle(req, res).catch(() => undefined));
      await new Promise<void>((resolve, reject) => { server!.once("error", reject); server!.listen(port, "127.0.0.1", resolve); });
    },
    async down() {
      if (!server) return;
      await closer(server)();
      server = undefined;
    },
  };
}
