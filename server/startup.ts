import { dbReady, getDb } from "./db/client";
import { env, EnvError } from "./env";
import { logger } from "./logger";
import { checkSuppressionKey } from "./features/suppression/suppression-keys";

/**
 * Validates the environment, opens the database and checks the suppression key is the one the
 * database was used with; on failure prints why and exits.
 */
export async function checkStartup(): Promise<void> {
  try {
    env();
    await dbReady();
    await checkSuppressionKey(getDb());
  } catch (e) {
    const known = e instanceof EnvError || ["DatabaseConfigError", "SuppressionKeyChangedError"].includes((e as Error).name);
    const message = known ? (e as Error).message : `Start-up failed: ${(e as Error).message}`;
    console.error(`\n${message}\n`);
    logger.fatal({ err: e }, "start-up failed");
    process.exit(1);
  }
}
