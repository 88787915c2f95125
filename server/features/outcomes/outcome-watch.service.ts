import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";
import { followUpStopReason, isFinalOutcome, NO_REPLY, OUTCOME_WATCH_HOURS, OUTCOME_WATCH_MS, watchDeadline, watchResult } from "@/server/domain/outcome-watch";
import { recordInTx } from "@/server/features/audit/audit.service";
import * as outcomes from "./outcomes.repository";
import * as repo from "./outcome-watch.repository";

/**
 * The 72 h outcome watch of each delivered send (DESIGN.md §3 step 8), driven by the
 * track-send-outcome workflow: open -> (wait for ghl/outcome.recorded) -> close on the first final
 * outcome, or record NO_REPLY at the deadline. Every step is idempotent (a retried step, a
 * duplicate event and a late event all end in the same single close).
 */
export type WatchState =
  | { state: "SKIPPED"; reason: string }
  | { state: "WAITING"; deadline: string }
  | { state: "RESOLVED" | "NO_OUTCOME"; result: string | null };

function stateOf(w: { status: string; deadline: Date; result: string | null }): WatchState {
  return w.status === "WAITING" ? { state: "WAITING", deadline: w.deadline.toISOString() } : { state: w.status as "RESOLVED" | "NO_OUTCOME", result: w.result };
}

/** Opens the watch for a send (once) and closes it at once if a final outcome is already stored. */
export async function openWatch(db: Db, sendId: string, now = new Date()): Promise<WatchState> {
  const send = await repo.sendForWatch(db, sendId);
  if (!send || send.status !== "SENT" || send.mode === "SHADOW" || !send.sentAt) return { state: "SKIPPED", reason: "not a delivered send" };
  await repo.insertWatch(db, sendId, now, watchDeadline(send.sentAt));
  const closed = await closeIfFinalStored(db, sendId, now);
  if (closed) return closed;
  const w = await repo.watch(db, sendId);
  return w ? stateOf(w) : { state: "SKIPPED", reason: "watch vanished" };
}

/** Between wait pieces: closes the watch if a final outcome is stored (its event was missed). */
export async function recheckWatch(db: Db, sendId: string, now = new Date()): Promise<WatchState> {
  const closed = await closeIfFinalStored(db, sendId, now);
  if (closed) return closed;
  const w = await repo.watch(db, sendId);
  return w ? stateOf(w) : { state: "SKIPPED", reason: "no watch" };
}

async function closeIfFinalStored(db: Db, sendId: string, now: Date): Promise<WatchState | null> {
  const first = (await repo.outcomesOfSend(db, sendId)).find((o) => isFinalOutcome(o));
  return first ? closeOnOutcome(db, sendId, first.id, now) : null;
}

/**
 * An outcome event arrived. Non-final outcomes (out-of-office, delivered, ...) leave the watch
 * open. A final one closes it and applies the same follow-up stop as the webhook did, so a draft
 * created for this contact between the webhook and now is dropped too (consistent on both paths).
 */
export async function closeOnOutcome(db: Db, sendId: string, outcomeId: string, now = new Date()): Promise<WatchState> {
  const o = await repo.outcome(db, outcomeId);
  if (!o || o.sendId !== sendId || !isFinalOutcome(o)) {
    const w = await repo.watch(db, sendId);
    return w ? stateOf(w) : { state: "SKIPPED", reason: "no watch" };
  }
  const send = await repo.sendForWatch(db, sendId);
  const result = watchResult(o);
  const stop = followUpStopReason(o);
  await db.$transaction(async (tx) => {
    if (!(await repo.closeWatch(tx, sendId, "RESOLVED", o.id, result, now))) return;
    await recordInTx(tx, {
      actorType: "SYSTEM", agent: "OUTCOME", action: "outcome.watch.closed", decision: "INFO", riskLevel: "LOW", subjectType: "send", subjectId: sendId,
      reason: `outcome ${result}`, evidence: { outcomeId: o.id, result },
    }, now);
    if (stop && send) {
      const dropped = await outcomes.dropOpenDrafts(tx, send.visitorId, stop);
      if (dropped.length > 0) {
        await recordInTx(tx, {
          actorType: "SYSTEM", agent: "OUTCOME", action: "followups.stopped", decision: "INFO", riskLevel: "MEDIUM", subjectType: "visitor", subjectId: send.visitorId,
          reason: stop, evidence: { outcomeId: o.id, draftIds: dropped, via: "outcome-watch" },
        }, now);
      }
    }
  });
  const w = await repo.watch(db, sendId);
  return w ? stateOf(w) : { state: "SKIPPED", reason: "no watch" };
}

/**
 * The deadline passed without a final outcome event. The stored outcomes are read once more
 * first (an event emit may have been lost); only then is NO_REPLY recorded, as an Outcome row of
 * its own (keyed per send, so it is written once) that the learner reads as "no reply in 72 h".
 */
export async function closeWithoutOutcome(db: Db, sendId: string, now = new Date()): Promise<WatchState> {
  const closed = await closeIfFinalStored(db, sendId, now);
  if (closed) return closed;
  const w = await repo.watch(db, sendId);
  if (!w) return { state: "SKIPPED", reason: "no watch" };
  if (w.status !== "WAITING") return stateOf(w);
  // A run that resumes early (clock skew between processes) must not call a live watch dead.
  if (now < w.deadline) return stateOf(w);
  const outcomeId = ulid();
  await db.$transaction(async (tx) => {
    if (!(await repo.closeWatch(tx, sendId, "NO_OUTCOME", outcomeId, NO_REPLY, now))) return;
    await outcomes.insertOutcome(tx, {
      id: outcomeId, sendId, type: NO_REPLY, classification: null, providerEventId: `watch:no-reply:${sendId}`, value: null,
      occurredAt: w.deadline, payload: JSON.stringify({ reason: `no outcome in ${OUTCOME_WATCH_HOURS} h` }), now,
    });
    await recordInTx(tx, {
      actorType: "SYSTEM", agent: "OUTCOME", action: "outcome.watch.closed", decision: "INFO", riskLevel: "LOW", subjectType: "send", subjectId: sendId,
      reason: `no outcome in ${OUTCOME_WATCH_HOURS} h`, evidence: { outcomeId, result: NO_REPLY },
    }, now);
  });
  const after = await repo.watch(db, sendId);
  return after ? stateOf(after) : { state: "SKIPPED", reason: "no watch" };
}

/** Sends of the last 72 h that nobody watches yet (older than `graceMs`, so a normal start wins). */
export function unwatchedSends(db: Db, now = new Date(), opts: { graceMs?: number; limit?: number } = {}) {
  return repo.unwatchedSends(db, new Date(now.getTime() - OUTCOME_WATCH_MS), new Date(now.getTime() - (opts.graceMs ?? 10 * 60_000)), opts.limit ?? 100);
}
