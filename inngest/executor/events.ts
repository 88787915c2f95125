import { ulid } from "@/server/db/ulid";
import { z } from "zod";
import { logger } from "@/server/logger";
import { eventMatches } from "./config";
import type { Ctx } from "./context";
import { matches, quickAsyncEquals } from "./expressions";
import { cancelRun, createRun, discoverIfIdle, settleStep } from "./runs";
import { isoTime } from "./store";

/** An event as the event API accepts it. */
export const incomingEventSchema = z.object({
  name: z.string().min(1, "name is required").max(256),
  data: z.record(z.string(), z.unknown()).optional().default({}),
  id: z.string().min(1).max(256).optional(),
  ts: z.number().int().nonnegative().optional(),
  v: z.string().optional(),
  user: z.record(z.string(), z.unknown()).optional(),
});
export type IncomingEvent = z.input<typeof incomingEventSchema>;

/** An event as stored and as functions receive it. */
export interface StoredEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  v?: string;
  user?: Record<string, unknown>;
}

/**
 * Stores events and fans each out — to function triggers, to waiting `waitForEvent`s and to
 * `cancelOn` registrations — inside the caller's transaction, so an event is either fully
 * delivered or not at all. A repeated `id` returns the first event's id and does nothing else.
 */
export function ingestInTx(ctx: Ctx, events: IncomingEvent[], now: number): string[] {
  const { sql } = ctx.store;
  const ids: string[] = [];
  for (const raw of events) {
    const e = incomingEventSchema.parse(raw);
    const id = ulid(now);
    const stored: StoredEvent = { id, name: e.name, data: e.data, ts: e.ts ?? now, ...(e.v ? { v: e.v } : {}), ...(e.user ? { user: e.user } : {}) };
    const inserted = sql.insertEvent.run(id, e.id ?? null, e.name, JSON.stringify(stored), stored.ts, isoTime(now)).changes;
    if (inserted === 0) {
      ids.push(sql.eventByExternalId.get(e.id!) as string);
      continue;
    }
    ids.push(id);
    fanOut(ctx, stored, now);
  }
  return ids;
}

function fanOut(ctx: Ctx, event: StoredEvent, now: number): void {
  const s = ctx.store;
  const emit = (evs: IncomingEvent[]) => ingestInTx(ctx, evs, now);
  // 1. cancelOn first: an event that both cancels and would resume a run cancels it.
  for (const fn of ctx.functions.values()) {
    for (const c of fn.config.cancel ?? []) {
      if (c.event !== event.name) continue;
      const runs = s.sql.activeRunsOf.all(fn.id) as { id: string; eventId: string }[];
      for (const run of runs) {
        const original = loadEvent(ctx, run.eventId);
        if (original && matches(c.if, { event: original, async: event })) {
          cancelRun(s, emit, run.id, `cancelled by event ${event.name} (${event.id})`, now);
        }
      }
    }
  }
  // 2. waitForEvent.
  const waits = s.sql.waitsFor.all(event.name) as { id: string; runId: string; stepId: string; expression: string | null }[];
  for (const w of waits) {
    // The usual `if` (async.data.id == "literal") is decided before loading anything.
    const quick = quickAsyncEquals(w.expression, event);
    if (quick === false) continue;
    const run = s.sql.runRef.get(w.runId) as { eventId: string; status: string } | undefined;
    if (!run || !["QUEUED", "RUNNING"].includes(run.status)) continue;
    if (quick === undefined) {
      const original = loadEvent(ctx, run.eventId);
      if (!original || !matches(w.expression, { event: original, async: event })) continue;
    }
    if (s.sql.deleteWait.run(w.id).changes === 0) continue;
    s.sql.deleteTimeoutItem.run(w.runId, w.stepId);
    settleStep(s, w.runId, { id: w.stepId, name: event.name, op: "WaitForEvent" }, { data: event }, now);
    discoverIfIdle(s, w.runId, now);
  }
  // 3. Triggers.
  for (const fn of ctx.functions.values()) {
    const hit = fn.config.triggers.some((t) => t.event && eventMatches(t.event, event.name) && matches(t.expression, { event }));
    if (hit) createRun(s, fn, event, now);
  }
}

function loadEvent(ctx: Ctx, id: string): StoredEvent | undefined {
  const payload = ctx.store.sql.eventPayload.get(id) as string | undefined;
  return payload ? (JSON.parse(payload) as StoredEvent) : undefined;
}

/**
 * Ingests events and answers once they are committed. They go into the worker's group commit:
 * events arriving together (and step results being recorded) share one transaction and one fsync,
 * and the runs they start or resume are leased in that same transaction, instead of a commit for
 * the events and another for the worker's lease of what they made due.
 */
export async function ingest(ctx: Ctx, events: IncomingEvent[]): Promise<string[]> {
  const ids = await ctx.inGroupCommit((now) => ingestInTx(ctx, events, now));
  logger.debug({ count: ids.length }, "executor: events ingested");
  ctx.wake();
  return ids;
}
