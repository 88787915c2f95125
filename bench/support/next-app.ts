// Starts the production build (`next start`) on loopback for a benchmark or a hardening test, in
// its own process group so it can be stopped — or SIGKILLed, app and workers together.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export function hasProductionBuild(): boolean {
  return existsSync(path.join(ROOT, ".next", "BUILD_ID"));
}

export interface NextApp {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL to the whole process group: no shutdown hooks, no flushing. */
  kill(): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

/** `next start` with `env` on a free (or the given) port; resolves once /api/health answers. */
export async function startNextApp(env: Record<string, string>, opts: { port?: number; timeoutMs?: number; nodeArgs?: string[] } = {}): Promise<NextApp> {
  if (!hasProductionBuild()) throw new Error("No production build: run `npx next build` first");
  const port = opts.port ?? (await freePort());
  // BENCH_APP_PROF=dir: a CPU profile of the app process, written when it stops (SIGTERM).
  const prof = process.env.BENCH_APP_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_APP_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, ...(opts.nodeArgs ?? []), NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status < 500 || r.status === 503).catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await signal("SIGKILL");
      throw new Error(`next start did not answer within ${opts.timeoutMs ?? 90_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, port, child, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM"), output: () => out };
}

/**
 * A stand-in for the executor's event API: accepts every event (POST /e/{key}: one event or an
 * array), runs nothing, and counts them, in all and by name. The app's health probes (GET /health)
 * reach it too and are answered, not counted.
 */
export async function startEventSink(): Promise<{ url: string; received(name?: string): number; close(): Promise<void> }> {
  const http = await import("node:http");
  let received = 0;
  const byName = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.startsWith("/e/")) {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      let events: unknown[] = [{}];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
        events = Array.isArray(body) ? body : [body];
      } catch {
        // counted as one, without a name
      }
      for (const e of events) {
        const name = (e as { name?: unknown } | null)?.name;
        if (typeof name === "string") byName.set(name, (byName.get(name) ?? 0) + 1);
      }
      received += events.length;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ids: events.map((_, i) => `evt-${received}-${i}`), status: 200 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    received: (name?: string) => (name === undefined ? received : (byName.get(name) ?? 0)),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
