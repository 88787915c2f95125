import { spawn } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Runs a TypeScript worker script in a separate Node process (real OS-level concurrency against
 * the same database file). Resolves with its stdout; rejects with its stderr on a non-zero exit.
 * A worker still running after timeoutMs is killed and the rejection says "timed out", so a test
 * can tell it from a worker that SIGKILLed itself on purpose (crash tests match /SIGKILL/).
 */
export function runWorker(script: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else if (timedOut) reject(new Error(`${script} timed out after ${timeoutMs} ms and was killed: ${err.slice(-2000)}`));
      else reject(new Error(`${script} exited ${code ?? signal}: ${err.slice(-2000)}`));
    });
  });
}
