import { ulid } from "ulid";
import { z } from "zod";
import { logger } from "@/server/logger";
import { eventMatches } from "./config";
import type { Ctx, Tx } from "./context";
import { matches } from "./expressions";
import { cancelRun, createRun, discoverIfIdle, settleStep } from "./runs";

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
export async function ingestInTx(ctx: Ctx, tx: Tx, events: IncomingEvent[], now: number): Promise<string[]> {
  const ids: string[] = [];
  for (const raw of events) {
    const e = incomingEventSchema.parse(raw);
    const id = ulid(now);
    const stored: StoredEvent = { id, name: e.name, data: e.data, ts: e.ts ?? now, ...(e.v ? { v: e.v } : {}), ...(e.user ? { user: e.user } : {}) };
    const inserted = await tx.$executeRaw`INSERT INTO ExecEvent (id, externalId, name, payload, ts, receivedAt)
      VALUES (${id}, ${e.id ?? null}, ${e.name}, ${JSON.stringify(stored)}, ${stored.ts}, ${new Date(now)}) ON CONFLICT(externalId) DO NOTHING`;
    if (inserted === 0) {
      const first = await tx.execEvent.findUnique({ where: { externalId: e.id! }, select: { id: true } });
      ids.push(first!.id);
      continue;
    }
    ids.push(id);
    await fanOut(ctx, tx, stored, now);
  }
  return ids;
}

async function fanOut(ctx: Ctx, tx: Tx, event: StoredEvent, now: number): Promise<void> {
  // 1. cancelOn first: an event that both cancels and would resume a run cancels it.
  for (const fn of ctx.functions.values()) {
    for (const c of fn.config.cancel ?? []) {
      if (c.event !== event.name) continue;
      const runs = await tx.execRun.findMany({ where: { functionId: fn.id, status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true, eventId: true } });
      for (const run of runs) {
        const original = await loadEvent(tx, run.eventId);
        if (original && matches(c.if, { event: original, async: event })) {
          await cancelRun(tx, (t, evs) => ingestInTx(ctx, t, evs, now), run.id, `cancelled by event ${event.name} (${event.id})`, now);
        }
      }
    }
  }
  // 2. waitForEvent.
  const waits = await tx.execWait.findMany({ where: { eventName: event.name }, select: { id: true, runId: true, stepId: true, expression: true } });
  for (const w of waits) {
    const run = await tx.execRun.findUnique({ where: { id: w.runId }, select: { eventId: true, status: true } });
    if (!run || !["QUEUED", "RUNNING"].includes(run.status)) continue;
    const original = await loadEvent(tx, run.eventId);
    if (!original || !matches(w.expression, { event: original, async: event })) continue;
    const removed = await tx.execWait.deleteMany({ where: { id: w.id } });
    if (removed.count === 0) continue;
    await tx.execQueueItem.deleteMany({ where: { runId: w.runId, kind: "WAIT_TIMEOUT", stepId: w.stepId } });
    await settleStep(tx, w.runId, { id: w.stepId, name: event.name, op: "WaitForEvent" }, { data: event }, now);
    await discoverIfIdle(tx, w.runId, now);
  }
  // 3. Triggers.
  for (const fn of ctx.functions.values()) {
    const hit = fn.config.triggers.some((t) => t.event && eventMatches(t.event, event.name) && matches(t.expression, { event }));
    if (hit) await createRun(tx, fn, event, now);
  }
}

async function loadEvent(tx: Tx, id: string): Promise<StoredEvent | undefined> {
  const row = await tx.execEvent.findUnique({ where: { id }, select: { payload: true } });
  return row ? (JSON.parse(row.payload) as StoredEvent) : undefined;
}

/** Ingests events in their own transaction and wakes the worker. */
export async function ingest(ctx: Ctx, events: IncomingEvent[]): Promise<string[]> {
  const now = Date.now();
  const ids = await ctx.db.$transaction((tx) => ingestInTx(ctx, tx, events, now), { timeout: 30_000, maxWait: 30_000 });
  logger.debug({ count: ids.length }, "executor: events ingested");
  ctx.wake();
  return ids;
}
