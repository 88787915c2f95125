/**
 * Retries a whole Prisma transaction that failed because the database was busy.
 * Why: the Prisma better-sqlite3 adapter runs queries made OUTSIDE a transaction on the same
 * connection even while another flow of this process has a transaction open (its mutex only
 * orders transactions). Such a read starts a snapshot inside that transaction, and its first
 * write then fails at once with SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT when another connection (the
 * send-claim writer, another process) has written meanwhile. The failed transaction was rolled
 * back, so running it again is safe; callers must pass the WHOLE transaction.
 * On PostgreSQL the same holds for a deadlock (40P01) or a serialization failure (40001), which
 * Prisma reports as P2034 or with the SQLSTATE as the adapter's original code.
 * Also retried: Prisma's "Unable to start a transaction in the given time" (P2028) — every pooled
 * connection stayed busy past maxWait (seen on PostgreSQL with 100 senders on a loaded machine);
 * the transaction never began, so nothing was written. Other P2028s (a transaction that expired
 * mid-way) are not retried here: whether its commit landed is not known to this layer.
 */
const ATTEMPTS = 5;

export function isBusyError(e: unknown): boolean {
  const err = e as { message?: unknown; code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const code = String(err?.meta?.driverAdapterError?.cause?.originalCode ?? err?.code ?? "");
  return /^SQLITE_BUSY/.test(code) || code === "40P01" || code === "40001" || err?.code === "P2034"
    // The better-sqlite3 adapter reports a busy timeout as Prisma's "Operation has timed out" (P1008).
    || err?.code === "P1008" || /SQLITE_BUSY|database is locked|Operation has timed out|Unable to start a transaction in the given time/.test(String(err?.message ?? ""));
}

export async function retryBusy<T>(tx: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx();
    } catch (e) {
      if (attempt >= ATTEMPTS || !isBusyError(e)) throw e;
      await new Promise((r) => setTimeout(r, attempt * 5 * (0.5 + Math.random())));
    }
  }
}
