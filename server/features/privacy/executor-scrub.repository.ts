import { Prisma } from "@/server/db/generated/client";
import type { Tx } from "@/server/db/client";

/**
 * Scrubs one erased contact from the local executor's tables (prisma/schema/executor.prisma), inside
 * the erasure transaction, so the person's data and the executor's copies of it go together.
 *
 * Runs ABOUT the contact (their trigger event names one of the contact's ids): a run still queued
 * or running is cancelled exactly as the executor's own cancel ends a run (status CANCELLED, its
 * queue items and waits deleted, so no worker picks it up again and a result or checkpoint still in
 * flight finds no lease and changes nothing); then the stored step results, outputs and errors of
 * every such run and the payloads of its events are replaced by an "erased" marker. Redacting a live
 * run's memoised step results instead would feed the marker back to the function on its next call,
 * which is worse than stopping it: it only had an erased person left to work on.
 * Any OTHER executor row that quotes the person (e-mail, LinkedIn URL, full name) has those strings
 * replaced in place: the JSON stays valid and a run that is not about the person goes on untouched.
 * The internal events the executor emits on cancel are not emitted (nothing listens to them here).
 */
export interface ScrubTargets {
  /** Ids of the contact's rows (visitor, drafts, sends, outcomes, ...): what pipeline events carry. */
  ids: string[];
  /** Personal strings to find anywhere (case-insensitive): e-mail, LinkedIn URL, full name. */
  needles: string[];
}

const ERASED_DATA = JSON.stringify({ erased: true });
const ERASED_ERROR = JSON.stringify({ name: "Erased", message: "the contact's personal data was erased" });
const CANCELLED = JSON.stringify({ name: "Cancelled", message: "cancelled: the contact's personal data was erased" });
export const REDACTED = "[erased]";

/** LIKE pattern matching `s` anywhere, with LIKE's wildcards in `s` escaped (ESCAPE '\'). */
const likeAnywhere = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Each needle as written and as it appears inside a JSON string (quotes, backslashes escaped). */
function variants(needles: string[]): string[] {
  return [...new Set(needles.flatMap((n) => [n, JSON.stringify(n).slice(1, -1)]).filter((n) => n.length > 0))];
}

/** `column` contains any of `values`: case-insensitive on both SQLite and PostgreSQL. */
function containsAny(column: string, values: string[]): Prisma.Sql {
  const col = Prisma.raw(`"${column}"`);
  const parts = values.flatMap((v) => [
    Prisma.sql`LOWER(${col}) LIKE ${likeAnywhere(v.toLowerCase())} ESCAPE '\\'`,
    // SQLite's LOWER folds ASCII only: also match the text exactly as given.
    Prisma.sql`${col} LIKE ${likeAnywhere(v)} ESCAPE '\\'`,
  ]);
  return parts.length ? Prisma.join(parts, " OR ") : Prisma.sql`1 = 0`;
}

function replaceAll(text: string, needles: string[]): string {
  let out = text;
  for (const n of needles) out = out.replace(new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), REDACTED);
  return out;
}

export async function scrubExecutor(tx: Tx, t: ScrubTargets, now: Date): Promise<Record<string, number>> {
  const counts = { execEvents: 0, execRuns: 0, execRunsCancelled: 0, execSteps: 0, execRowsRedacted: 0 };
  const ids = t.ids.filter((s) => s.length >= 8); // ids are cuids/ulids; never a short string that matches everything
  const needles = variants(t.needles.filter((s) => s.trim().length >= 3));

  // 1. Events naming the contact (their own pipeline events, and the executor's finished/failed events of their runs).
  const events = ids.length + needles.length === 0 ? [] : await tx.$queryRaw<{ id: string; payload: string }[]>`
    SELECT "id", "payload" FROM "ExecEvent" WHERE ${containsAny("payload", [...ids, ...needles])}`;
  const eventIds = events.map((e) => e.id);
  const runs = eventIds.length === 0 ? [] : await tx.execRun.findMany({ where: { eventId: { in: eventIds } }, select: { id: true } });
  const runIds = runs.map((r) => r.id);

  if (runIds.length > 0) {
    // 2. Cancel what is still live. Waits and queue items go first: on PostgreSQL a worker that has
    // already claimed one of them holds its row, so we wait for its commit; a second delete after
    // the status change takes whatever that commit enqueued. (SQLite: the erasure holds the write lock.)
    await tx.execWait.deleteMany({ where: { runId: { in: runIds } } });
    await tx.execQueueItem.deleteMany({ where: { runId: { in: runIds } } });
    counts.execRunsCancelled = (await tx.execRun.updateMany({
      where: { id: { in: runIds }, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "CANCELLED", error: CANCELLED, endedAt: now },
    })).count;
    await tx.execQueueItem.deleteMany({ where: { runId: { in: runIds } } });
    // 3. Their stored results: the viewer keeps the shape (steps, statuses, times), not the content.
    counts.execSteps = (await tx.execStep.updateMany({ where: { runId: { in: runIds }, data: { not: null } }, data: { data: ERASED_DATA } })).count;
    await tx.execStep.updateMany({ where: { runId: { in: runIds }, error: { not: null } }, data: { error: ERASED_ERROR } });
    await tx.execRun.updateMany({ where: { id: { in: runIds }, output: { not: null } }, data: { output: ERASED_DATA } });
    await tx.execRun.updateMany({ where: { id: { in: runIds }, error: { notIn: [CANCELLED] }, NOT: { error: null } }, data: { error: ERASED_ERROR } });
    counts.execRuns = runIds.length;
  }
  for (const e of events) {
    let head: Record<string, unknown> = {};
    try {
      const p = JSON.parse(e.payload) as Record<string, unknown>;
      head = { id: p.id, name: p.name, ts: p.ts };
    } catch { /* not JSON: nothing of it is kept */ }
    await tx.execEvent.update({ where: { id: e.id }, data: { payload: JSON.stringify({ ...head, data: { erased: true } }) } });
  }
  counts.execEvents = events.length;

  // 4. Anything else that quotes the person: replace the strings, keep the row.
  if (needles.length > 0) counts.execRowsRedacted = await redactQuotes(tx, needles);
  return counts;
}

async function redactQuotes(tx: Tx, needles: string[]): Promise<number> {
  let n = 0;
  const fix = (s: string | null) => (s === null ? null : replaceAll(s, needles));
  for (const r of await tx.$queryRaw<{ id: string; payload: string }[]>`SELECT "id", "payload" FROM "ExecEvent" WHERE ${containsAny("payload", needles)}`) {
    await tx.execEvent.update({ where: { id: r.id }, data: { payload: fix(r.payload)! } }); n++;
  }
  for (const r of await tx.$queryRaw<{ id: string; output: string | null; error: string | null }[]>`
    SELECT "id", "output", "error" FROM "ExecRun" WHERE ${containsAny("output", needles)} OR ${containsAny("error", needles)}`) {
    await tx.execRun.update({ where: { id: r.id }, data: { output: fix(r.output), error: fix(r.error) } }); n++;
  }
  for (const r of await tx.$queryRaw<{ runId: string; stepId: string; name: string; data: string | null; error: string | null }[]>`
    SELECT "runId", "stepId", "name", "data", "error" FROM "ExecStep" WHERE ${containsAny("data", needles)} OR ${containsAny("error", needles)} OR ${containsAny("name", needles)}`) {
    await tx.execStep.update({ where: { runId_stepId: { runId: r.runId, stepId: r.stepId } }, data: { name: fix(r.name)!, data: fix(r.data), error: fix(r.error) } }); n++;
  }
  for (const r of await tx.$queryRaw<{ id: string; payload: string }[]>`SELECT "id", "payload" FROM "ExecQueueItem" WHERE ${containsAny("payload", needles)}`) {
    await tx.execQueueItem.update({ where: { id: r.id }, data: { payload: fix(r.payload)! } }); n++;
  }
  for (const r of await tx.$queryRaw<{ id: string; expression: string }[]>`SELECT "id", "expression" FROM "ExecWait" WHERE ${containsAny("expression", needles)}`) {
    // A wait whose expression quotes the person would now never match: it times out as waits do.
    await tx.execWait.update({ where: { id: r.id }, data: { expression: fix(r.expression) } }); n++;
  }
  for (const r of await tx.$queryRaw<{ key: string }[]>`SELECT "key" FROM "ExecIdempotency" WHERE ${containsAny("key", needles)}`) {
    await tx.execIdempotency.update({ where: { key: r.key }, data: { key: fix(r.key)! } }); n++;
  }
  return n;
}
