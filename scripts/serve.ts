// `tsx scripts/serve.ts dev|start`: the Next.js app and the local Inngest executor as one command.
// Logs are prefixed [app] / [executor]; Ctrl-C or SIGTERM stops both. With INNGEST_BASE_URL
// pointing elsewhere (Inngest Cloud, self-hosted) set INNGEST_LOCAL_EXECUTOR=0 to start the app only.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import readline from "node:readline";
import { exitWithLauncher } from "../server/launcher-link";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/serve.ts dev|start");
  process.exit(2);
}

const port = process.env.PORT ?? "3000";
const local = process.env.INNGEST_LOCAL_EXECUTOR !== "0";
// CAIO_LAUNCHER_PIPE: each child's stdin is a pipe from this process and the child stops itself when
// it closes, so the children never outlive the launcher, even a SIGKILLed one (server/launcher-link.ts).
const childEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", PORT: port, CAIO_LAUNCHER_PIPE: "1" };
if (local) {
  childEnv.INNGEST_BASE_URL ??= "http://127.0.0.1:8288";
  childEnv.INNGEST_DEV ??= "0";
  childEnv.INNGEST_APP_URL ??= `http://127.0.0.1:${port}/api/inngest`;
  if (!childEnv.INNGEST_SIGNING_KEY) childEnv.INNGEST_SIGNING_KEY = `signkey-local-${randomBytes(32).toString("hex")}`;
  if (!childEnv.INNGEST_EVENT_KEY) childEnv.INNGEST_EVENT_KEY = `local-${randomBytes(16).toString("hex")}`;
}

const children: { name: string; proc: ChildProcess }[] = [];

function run(name: string, cmd: string, args: string[]) {
  // Own process group, so shutdown reaches next's workers too.
  const proc = spawn(cmd, args, { env: childEnv, stdio: ["pipe", "pipe", "pipe"], detached: true });
  for (const stream of [proc.stdout!, proc.stderr!]) {
    readline.createInterface({ input: stream }).on("line", (line) => (stream === proc.stderr ? process.stderr : process.stdout).write(`[${name}] ${line}\n`));
  }
  proc.on("exit", (code, signal) => {
    console.log(`[serve] ${name} exited (${signal ?? code})`);
    if (!stopping) void shutdown(typeof code === "number" && code !== 0 ? code : 1);
  });
  children.push({ name, proc });
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  for (const c of alive) signalGroup(c.proc, "SIGTERM");
  const deadline = setTimeout(() => alive.forEach((c) => signalGroup(c.proc, "SIGKILL")), 10_000);
  await Promise.all(alive.map((c) => new Promise((r) => (c.proc.exitCode !== null || c.proc.signalCode !== null ? r(null) : c.proc.once("exit", r)))));
  clearTimeout(deadline);
  process.exit(code);
}

function signalGroup(proc: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-proc.pid!, signal);
  } catch {
    // already gone
  }
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
// Started by a program that set CAIO_LAUNCHER_PIPE=1 (a benchmark) with a pipe as stdin: stop with it.
exitWithLauncher();

// APP_HOST binds the app to one interface (tests use 127.0.0.1); default: all interfaces.
run("app", "npx", ["--no-install", "next", mode, "-p", port, ...(process.env.APP_HOST ? ["-H", process.env.APP_HOST] : [])]);
if (local) {
  run("executor", "npx", ["--no-install", "tsx", "inngest/executor/main.ts"]);
  void syncWhenUp();
}

/** Waits for the app to answer, then asks the executor to sync (it also retries on its own). */
async function syncWhenUp() {
  // Probe the health route: an unsigned GET of /api/inngest would be refused (and logged) by the SDK.
  const probe = `http://127.0.0.1:${port}/api/health`;
  for (let i = 0; i < 600 && !stopping; i++) {
    try {
      await fetch(probe, { signal: AbortSignal.timeout(60_000) });
      const res = await fetch(`${childEnv.INNGEST_BASE_URL}/sync`, { method: "POST", headers: { authorization: `Bearer ${childEnv.INNGEST_SIGNING_KEY}` } });
      const body = await res.text();
      console.log(res.ok ? `[serve] synced: ${body}` : `[serve] sync failed (HTTP ${res.status}): ${body}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
