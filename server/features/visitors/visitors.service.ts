import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Db } from "@/server/db/client";
import { describeIssue, normalise, rb2bPayload } from "@/server/integrations/rb2b/rb2b.schemas";
import { logger } from "@/server/logger";
import { writerFor } from "@/server/db/sqlite-writer";
import * as sql from "./intake.sql";
import * as repo from "./visitors.repository";

export const RB2B_MAX_BODY_BYTES = 64 * 1024;

/** The event the intake emits after commit (the route wires it to inngest.send). */
export interface VisitorIdentified {
  visitorId: string;
  deliveryId: string;
  repeat: boolean;
}
export type Emit = (event: VisitorIdentified) => Promise<unknown>;

export type IntakeResult =
  | { kind: "invalid"; status: 400; field: string; message: string }
  | { kind: "duplicate"; status: 200; deliveryId: string; visitorId: string | null }
  | { kind: "stored"; status: 200; deliveryId: string; visitorId: string; repeat: boolean; emit: "sent" | "failed" | "queued" };

export type IntakeOptions = { now?: Date } & (
  /** Sends the event before intake returns, and records it as sent (or failed). */
  | { emit: Emit }
  /**
   * Hands the event to a queue that sends it after the answer, with others, and records them
   * (the route's: sendAndRecord, one send and one unit of work per batch). RB2B gets its 200 as
   * soon as the delivery is durable; an event lost to a crash in between is re-sent by the sweep,
   * like a failed one.
   */
  | { queue: (event: VisitorIdentified) => void }
);

/** Hash of the canonical JSON (RFC 8785), so key order and whitespace do not defeat duplicate detection. */
export function dedupeKeyOf(body: unknown): string {
  return createHash("sha256").update(canonicalize(body) ?? "").digest("hex");
}

/**
 * RB2B intake: validate, store raw payload + visitor + page view in one transaction (intake.sql.ts), then emit
 * `visitor/identified`. RB2B does not retry, so the delivery is kept even when the emit fails:
 * it stays `emittedAt = null` and the sweep (inngest/functions/reemit-intake-events.ts) re-emits it.
 */
export async function intake(db: Db, body: unknown, rawText: string, opts: IntakeOptions): Promise<IntakeResult> {
  const now = opts.now ?? new Date();
  const parsed = rb2bPayload.safeParse(body);
  if (!parsed.success) {
    const { field, message } = describeIssue(parsed.error);
    return { kind: "invalid", status: 400, field, message };
  }
  const visit = normalise(parsed.data);
  const dedupeKey = dedupeKeyOf(body);

  // One synchronous unit on the writer, whose batch holds the write lock: the duplicate check and
  // the inserts are one step, so two identical deliveries racing (even from two processes) let exactly one in.
  const w = writerFor(db);
  const r = await w.run(() => sql.storeDelivery(w, { dedupeKey, payload: rawText, visit, now }));
  if (r.duplicate) return { kind: "duplicate", status: 200, deliveryId: r.deliveryId, visitorId: r.visitorId };
  const stored = { deliveryId: r.deliveryId, visitorId: r.visitorId, repeat: r.repeat };
  if ("queue" in opts) {
    opts.queue(stored);
    return { kind: "stored", status: 200, ...stored, emit: "queued" };
  }
  const sent = await sendAndRecord(db, [stored.deliveryId], () => opts.emit(stored));
  return { kind: "stored", status: 200, ...stored, emit: sent ? "sent" : "failed" };
}

/**
 * Sends the events of stored deliveries (`send`, one call for all of them) and records the outcome
 * in ONE unit of work on the writer: emitted, or one more failed attempt, which the sweep re-emits
 * (inngest/functions/reemit-intake-events.ts). Never throws: false when the send (or its record)
 * failed.
 */
export async function sendAndRecord(db: Db, deliveryIds: string[], send: () => Promise<unknown>): Promise<boolean> {
  const w = writerFor(db);
  try {
    await send();
    await w.run(() => sql.markEmitted(w, deliveryIds, new Date()));
    return true;
  } catch (e) {
    await w.run(() => sql.markEmitFailed(w, deliveryIds)).catch(() => undefined);
    logger.warn({ err: e, deliveryIds }, "visitor/identified emit failed; the sweep will re-emit");
    return false;
  }
}

/**
 * Re-emits events for stored deliveries whose emit failed. Only deliveries older than `graceMs`
 * are picked, so the sweep does not race the intake's own emit. The event id is the delivery id,
 * so a re-emit of an event that did arrive is dropped by the executor's event de-duplication.
 */
export async function reemitPending(db: Db, opts: { emit: Emit; now?: Date; graceMs?: number; limit?: number }) {
  const now = opts.now ?? new Date();
  const rows = await repo.pendingEmits(db, new Date(now.getTime() - (opts.graceMs ?? 30_000)), opts.limit ?? 50);
  let emitted = 0;
  let failed = 0;
  for (const row of rows) {
    const repeat = (await repo.countPageViewsBefore(db, row.visitorId!, row.id)) > 0;
    if (await sendAndRecord(db, [row.id], () => opts.emit({ visitorId: row.visitorId!, deliveryId: row.id, repeat }))) emitted++;
    else failed++;
  }
  return { found: rows.length, emitted, failed };
}
