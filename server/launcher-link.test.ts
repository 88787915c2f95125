import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, f: () => T | undefined, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const v = f();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startLauncher(env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "caio-launcher-"));
  dirs.push(dir);
  const report = path.join(dir, "report");
  const parent = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/testing/workers/launcher-parent.ts"), report], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  const read = () => (existsSync(report) ? readFileSync(report, "utf8") : "");
  return { parent, read };
}

describe("a child of scripts/serve.ts follows its launcher", () => {
  it("stops itself (SIGTERM, graceful) when the launcher is SIGKILLed", async () => {
    const { parent, read } = startLauncher();
    const pid = await until("the child's pid", () => {
      const m = /pid (\d+)/.exec(read());
      return m ? Number(m[1]) : undefined;
    });
    expect(alive(pid)).toBe(true);
    parent.kill("SIGKILL");
    await until("the child to stop", () => (alive(pid) ? undefined : true));
    expect(read()).toContain("SIGTERM");
  }, 30_000);

  it("without the launcher's pipe flag the link does nothing (a child started some other way is not stopped)", async () => {
    // The flag is set by the launcher; here the test process runs the child directly with stdin closed.
    const dir = mkdtempSync(path.join(os.tmpdir(), "caio-launcher-"));
    dirs.push(dir);
    const report = path.join(dir, "report");
    const env = { ...process.env };
    delete env.CAIO_LAUNCHER_PIPE;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "server/testing/workers/launcher-child.ts"), report], { cwd: ROOT, env, stdio: ["pipe", "ignore", "ignore"] });
    child.stdin.end();
    await until("the child's pid", () => (/pid \d+/.test(existsSync(report) ? readFileSync(report, "utf8") : "") ? true : undefined));
    await new Promise((r) => setTimeout(r, 500));
    expect(child.exitCode).toBeNull();
    child.kill("SIGKILL");
  }, 30_000);
});
