import { dbReady, getDb, type Db } from "@/server/db/client";

/** The process-wide database, ready for queries (steps call this, never hold a client across steps). */
export async function pipelineDb(): Promise<Db> {
  await dbReady();
  return getDb();
}
