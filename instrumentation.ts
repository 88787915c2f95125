// Runs once when a Next.js server process starts: fail fast, in plain words, on bad configuration.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  snapshotProcessEnv();
  const { exitWithLauncher } = await import("./server/launcher-link");
  exitWithLauncher();
  const { checkStartup } = await import("./server/startup");
  await checkStartup();
}

/**
 * The server's environment as a plain object. Why: the Inngest SDK rebuilds its view of the
 * environment from `Object.entries(process.env)` several times per request (request headers, every
 * event send and step checkpoint), and on Node's real process.env each of those enumerates and
 * copies the whole C environment: ~8 % of the app's CPU in the pipeline benchmark. Nothing in the
 * app changes its environment after start, and child processes still get it (spawn reads
 * process.env); only native getenv() would no longer see later changes, and there are none.
 */
function snapshotProcessEnv() {
  process.env = { ...process.env };
}
