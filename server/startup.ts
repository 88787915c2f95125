import { dbReady } from "./db/client";
import { env, EnvError } from "./env";
import { logger } from "./logger";

/** Validates the environment and opens the database; on failure prints why and exits. */
export async function checkStartup(): Promise<void> {
  try {
    env();
    await dbReady();
  } catch (e) {
    const known = e instanceof EnvError || (e as Error).name === "DatabaseConfigError";
    const message = known ? (e as Error).message : `Start-up failed: ${(e as Error).message}`;
    console.error(`\n${message}\n`);
    logger.fatal({ err: e }, "start-up failed");
    process.exit(1);
  }
}
