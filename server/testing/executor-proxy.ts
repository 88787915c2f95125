import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy between the app's Inngest client and the executor (events, step checkpoints),
 * for fault injection in end-to-end tests: `refuse` sees each step checkpoint the SDK posts and may
 * answer it with 409 — as the executor does when the call no longer holds its run — so the SDK
 * stops, the step's result is never recorded, and the executor runs that step again. Everything
 * else is forwarded unchanged.
 */
export async function startExecutorProxy(target: string, refuse: (ops: { op?: string; name?: string; displayName?: string }[]) => boolean) {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (req.method === "POST" && /^\/v1\/checkpoint\/[^/]+\/async$/.test(req.url ?? "")) {
        let ops: { op?: string; name?: string; displayName?: string }[] = [];
        try {
          ops = (JSON.parse(body.toString("utf8")) as { steps?: typeof ops }).steps ?? [];
        } catch {
          // not JSON: let the executor answer it
        }
        if (refuse(ops)) {
          res.writeHead(409, { "content-type": "application/json" });
          return void res.end(JSON.stringify({ error: "fault injected: checkpoint refused", status: 409 }));
        }
      }
      const fwd = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      fwd.on("error", (e) => {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`proxy: ${e.message}`);
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
