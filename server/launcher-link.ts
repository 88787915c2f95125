/**
 * Ties a process started by scripts/serve.ts to the launcher's life. The launcher gives each child
 * a pipe as stdin and sets CAIO_LAUNCHER_PIPE=1; the kernel closes that pipe when the launcher
 * dies however it dies (Ctrl-C, SIGTERM, SIGKILL, the OOM killer), and the child then stops itself
 * with SIGTERM, so its normal graceful shutdown runs. Why: the children run in their own process
 * groups (so shutdown reaches next's workers), which also means nothing else stops them; an orphaned
 * `next start` was seen holding its port and database and spinning a core at 100 % for hours,
 * warning in a loop about writes to its closed stdout (EPIPE). A write that fails with EPIPE is
 * taken as the same signal.
 */
export function exitWithLauncher(): void {
  if (process.env.CAIO_LAUNCHER_PIPE !== "1") return;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // If the graceful shutdown hangs, leave anyway: nobody is left to wait for this process.
    setTimeout(() => process.exit(1), 10_000).unref();
    process.kill(process.pid, "SIGTERM");
  };
  process.stdin.on("end", stop).on("close", stop).on("error", stop).resume();
  for (const out of [process.stdout, process.stderr]) {
    out.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") stop();
    });
  }
}
