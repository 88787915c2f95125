// A stand-in for scripts/serve.ts (server/launcher-link.test.ts): starts the child the way the
// launcher does (own process group, stdin a pipe, CAIO_LAUNCHER_PIPE=1), then waits to be killed.
import { spawn } from "node:child_process";
import path from "node:path";

const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "launcher-child.ts"), process.argv[2]], {
  env: { ...process.env, CAIO_LAUNCHER_PIPE: "1" },
  stdio: ["pipe", "pipe", "pipe"],
  detached: true,
});
child.stdout.resume();
child.stderr.resume();
setInterval(() => {}, 1000);
