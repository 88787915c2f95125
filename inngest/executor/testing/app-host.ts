import http from "node:http";
import type { AddressInfo } from "node:net";

type WebHandler = (req: Request) => Promise<Response> | Response;
export type Handlers = { GET: WebHandler; POST: WebHandler; PUT: WebHandler };

/**
 * Hosts a Web-standard handler (the one app/api/inngest/route.ts exports) on a node:http server,
 * as Next.js does, so tests drive the real SDK endpoint over real HTTP.
 */
export async function hostApp(): Promise<{ url: string; setHandlers(h: Handlers): void; close(): Promise<void> }> {
  let handlers: Handlers | undefined;
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const method = req.method ?? "GET";
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method,
        headers: req.headers as Record<string, string>,
        body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
      });
      const h = handlers?.[method as keyof Handlers];
      const response = h ? await h(request) : new Response("no handler", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(e));
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/inngest`,
    setHandlers(h) {
      handlers = h;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
