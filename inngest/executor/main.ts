// The local executor as a process: `npm run executor` (scripts/serve.ts starts it next to the app).
import { databaseTarget } from "@/server/db/url";
import { env } from "@/server/env";
import { exitWithLauncher } from "@/server/launcher-link";
import { logger } from "@/server/logger";
import { startExecutor } from "./index";

async function main() {
  const e = env();
  if (!e.INNGEST_SIGNING_KEY || !e.INNGEST_EVENT_KEY) {
    console.error("\nThe executor needs INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY (the same values the app has).\n`npm run dev` / `npm start` generate a pair per launch when they are unset.\n");
    process.exit(1);
  }
  const base = e.INNGEST_BASE_URL ? new URL(e.INNGEST_BASE_URL) : undefined;
  const db = databaseTarget(e.DATABASE_URL);
  const executor = await startExecutor({
    databaseFile: db.dialect === "sqlite" ? db.file : db.url,
    appUrl: e.INNGEST_APP_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/api/inngest`,
    signingKey: e.INNGEST_SIGNING_KEY,
    eventKey: e.INNGEST_EVENT_KEY,
    host: e.EXECUTOR_HOST ?? base?.hostname ?? "127.0.0.1",
    port: e.EXECUTOR_PORT ?? (base?.port ? Number(base.port) : 8288),
    backoffScale: e.EXECUTOR_BACKOFF_SCALE,
    leaseMs: e.EXECUTOR_LEASE_MS,
    pollMs: e.EXECUTOR_POLL_MS,
    maxInFlight: e.EXECUTOR_MAX_IN_FLIGHT,
    checkpointing: e.EXECUTOR_CHECKPOINTING !== "0",
  });
  console.log(`executor listening on ${executor.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "executor: stopping");
    await executor.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  exitWithLauncher();
}

main().catch((e) => {
  console.error(`executor failed to start: ${(e as Error).message}`);
  process.exit(1);
});
