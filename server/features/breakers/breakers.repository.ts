import type { Db } from "@/server/db/client";

const SELECT = {
  service: true, state: true, failures: true, openedAt: true, openUntil: true, halfOpenTrials: true,
  lastSuccessAt: true, lastFailureAt: true, lastError: true, version: true, updatedAt: true,
} as const;

export async function findOrCreate(db: Db, service: string) {
  const row = await db.circuitBreaker.findUnique({ where: { service }, select: SELECT });
  if (row) return row;
  try {
    return await db.circuitBreaker.create({ data: { service }, select: SELECT });
  } catch {
    // another process created it first
    return db.circuitBreaker.findUniqueOrThrow({ where: { service }, select: SELECT });
  }
}

export type BreakerRow = Awaited<ReturnType<typeof findOrCreate>>;

/** Compare-and-set: applies `data` only if nobody changed the row since `version` was read. */
export async function casUpdate(
  db: Db,
  service: string,
  version: number,
  data: Partial<Omit<BreakerRow, "service" | "version" | "updatedAt">>,
): Promise<boolean> {
  const r = await db.circuitBreaker.updateMany({ where: { service, version }, data: { ...data, version: version + 1 } });
  return r.count === 1;
}

/** Records a success that changes no state (no version bump: it cannot invalidate a concurrent compare-and-set). */
export async function touchSuccess(db: Db, service: string, at: Date): Promise<void> {
  await db.circuitBreaker.updateMany({ where: { service }, data: { lastSuccessAt: at } });
}

export function all(db: Db) {
  return db.circuitBreaker.findMany({ select: SELECT, orderBy: { service: "asc" } });
}
