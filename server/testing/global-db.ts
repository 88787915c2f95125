import type { Db } from "@/server/db/client";

/** Points the process-wide getDb()/dbReady() at a test database (route handlers use them). */
export function useGlobalDb(db: Db): void {
  const g = globalThis as unknown as { caioDb?: Db; caioDbReady?: Promise<void> };
  g.caioDb = db;
  g.caioDbReady = Promise.resolve();
}
