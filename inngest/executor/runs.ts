import { ulid } from "@/server/db/ulid";
import { logger } from "@/server/logger";
import type { FunctionConfig } from "./config";
import type { StoredFunction } from "./context";
import { evaluateKey } from "./expressions";
import type { StoredEvent } from "./events";
import { isoTime, type StepRow, type Store } from "./store";

/** Internal events the executor emits (names as the SDK defines them). */
export const FUNCTION_FAILED = "inngest/function.failed";
export const FUNCTION_FINISHED = "inngest/function.finished";
export const FUNCTION_CANCELLED = "inngest/function.cancelled";

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface JsonError {
  name: string;
  message: string;
  stack?: string;
  [k: string]: unknown;
}

export function toJsonError(e: unknown, fallbackName = "Error"): JsonError {
  if (e && typeof e === "object" && typeof (e as JsonError).message === "string") {
    const o = e as JsonError;
    return { ...o, name: typeof o.name === "string" ? o.name : fallbackName, message: o.message };
  }
  return { name: fallbackName, message: typeof e === "string" ? e : JSON.stringify(e) };
}

function concurrencyKeys(fn: FunctionConfig, event: StoredEvent): { key: string; limit: number }[] {
  const list = fn.concurrency === undefined ? [] : Array.isArray(fn.concurrency) ? fn.concurrency : [fn.concurrency];
  return list.flatMap((c) => {
    const item = typeof c === "number" ? { limit: c } : c;
    if (!item.limit) return [];
    const scope = item.scope ?? "fn";
    const k = item.key ? evaluateKey(item.key, { event }) ?? "" : "";
    return [{ key: `${scope}:${scope === "fn" ? fn.id : ""}:${k}`, limit: item.limit }];
  });
}

/** Creates a run of `fn` for `event` (unless its idempotency key already ran within 24 h). */
export function createRun(s: Store, fn: StoredFunction, event: StoredEvent, now: number): string | undefined {
  const runId = ulid(now);
  if (fn.config.idempotency) {
    const value = evaluateKey(fn.config.idempotency, { event });
    if (value !== undefined) {
      // The write comes first: the row is taken or renewed atomically, then we look at who has it.
      // The key is JSON, not "id NUL value": PostgreSQL text cannot hold NUL, and JSON keeps the two apart.
      const taken = s.sql.claimIdempotency.run({ key: JSON.stringify([fn.id, value]), runId, expiresAt: now + IDEMPOTENCY_TTL_MS, now }).changes;
      if (taken === 0) {
        logger.info({ functionId: fn.id, eventId: event.id }, "executor: idempotency key already used in the last 24 h; no run created");
        return undefined;
      }
    }
  }
  s.sql.insertRun.run(runId, fn.id, event.id, JSON.stringify(concurrencyKeys(fn.config, event)), isoTime(now));
  enqueue(s, { runId, kind: "CALL", stepId: "step", attempt: 0, availableAt: now }, now);
  return runId;
}

export function enqueue(
  s: Store,
  item: { runId: string; kind: "CALL" | "SLEEP" | "WAIT_TIMEOUT"; stepId: string; attempt: number; availableAt: number; payload?: unknown },
  now: number,
): void {
  s.sql.insertItem.run({
    id: ulid(),
    runId: item.runId,
    kind: item.kind,
    stepId: item.stepId,
    attempt: item.attempt,
    availableAt: Math.round(item.availableAt),
    payload: JSON.stringify(item.payload ?? {}),
    createdAt: isoTime(now),
  });
}

/** Creates or updates a step row that is not settled (planned, retrying, sleeping, waiting). */
export function upsertStep(s: Store, runId: string, stepId: string, name: string, op: string, fields: { status: string; error?: string; attempts?: number }, now: number): void {
  const row = s.sql.step.get(runId, stepId) as StepRow | undefined;
  const error = fields.error ?? row?.error ?? null;
  if (!row) {
    s.sql.insertStep.run({ runId, stepId, name, op, status: fields.status, attempts: fields.attempts ?? 0, data: null, error, startedAt: isoTime(now), endedAt: null, seq: null });
  } else {
    s.sql.updateOpenStep.run({ runId, stepId, status: fields.status, attempts: fields.attempts ?? row.attempts, error });
  }
}

/**
 * Records a settled step (data or final error) and pushes it on the run's completion stack; does
 * nothing when the step is already on the stack (a result delivered twice).
 */
export function settleStep(
  s: Store,
  runId: string,
  step: { id: string; name: string; op: string },
  result: { data: unknown } | { error: JsonError },
  now: number,
  attempts = 1,
): void {
  const run = s.sql.runRef.get(runId) as { stack: string } | undefined;
  if (!run) return;
  const stack = JSON.parse(run.stack) as string[];
  if (stack.includes(step.id)) return;
  stack.push(step.id);
  s.sql.setStack.run(JSON.stringify(stack), runId);
  const ok = "data" in result;
  const fields = {
    runId,
    stepId: step.id,
    status: ok ? "COMPLETED" : "FAILED",
    data: ok ? JSON.stringify(result.data ?? null) : null,
    error: ok ? null : JSON.stringify(result.error),
    endedAt: isoTime(now),
    seq: stack.length,
  };
  const row = s.sql.step.get(runId, step.id) as StepRow | undefined;
  if (!row) s.sql.insertStep.run({ ...fields, name: step.name, op: step.op, attempts, startedAt: isoTime(now) });
  else s.sql.updateStep.run({ ...fields, attempts: Math.max(row.attempts, attempts) });
}

/** After a step settles: when nothing else of the run is pending, ask the SDK what comes next. */
export function discoverIfIdle(s: Store, runId: string, now: number): void {
  if (Number(s.sql.countItemsOfRun.get(runId)) === 0) enqueue(s, { runId, kind: "CALL", stepId: "step", attempt: 0, availableAt: now }, now);
}

function endRun(s: Store, runId: string, status: "COMPLETED" | "FAILED" | "CANCELLED", fields: { output?: string; error?: string }, now: number) {
  const changed = s.sql.endRun.run({ id: runId, status, output: fields.output ?? null, error: fields.error ?? null, endedAt: isoTime(now) }).changes;
  if (changed === 0) return undefined;
  s.sql.deleteItemsOfRun.run(runId);
  s.sql.deleteWaitsOfRun.run(runId);
  const run = s.sql.runRef.get(runId) as { functionId: string; eventId: string };
  const payload = s.sql.eventPayload.get(run.eventId) as string | undefined;
  return { functionId: run.functionId, event: payload ? JSON.parse(payload) : null };
}

export type Emit = (events: { name: string; data: Record<string, unknown> }[]) => unknown;

export function completeRun(s: Store, emit: Emit, runId: string, output: unknown, now: number): void {
  const ended = endRun(s, runId, "COMPLETED", { output: JSON.stringify(output ?? null) }, now);
  if (!ended) return;
  emit([{ name: FUNCTION_FINISHED, data: { function_id: ended.functionId, run_id: runId, event: ended.event, result: output ?? null } }]);
}

export function failRun(s: Store, emit: Emit, runId: string, error: JsonError, now: number): void {
  const ended = endRun(s, runId, "FAILED", { error: JSON.stringify(error) }, now);
  if (!ended) return;
  logger.warn({ runId, functionId: ended.functionId, error: error.message }, "executor: run failed");
  emit([
    { name: FUNCTION_FAILED, data: { function_id: ended.functionId, run_id: runId, error, event: ended.event } },
    { name: FUNCTION_FINISHED, data: { function_id: ended.functionId, run_id: runId, event: ended.event, error } },
  ]);
}

export function cancelRun(s: Store, emit: Emit, runId: string, reason: string, now: number): boolean {
  const error = { name: "Cancelled", message: reason };
  const ended = endRun(s, runId, "CANCELLED", { error: JSON.stringify(error) }, now);
  if (!ended) return false;
  emit([
    { name: FUNCTION_CANCELLED, data: { function_id: ended.functionId, run_id: runId, event: ended.event, error } },
    { name: FUNCTION_FINISHED, data: { function_id: ended.functionId, run_id: runId, event: ended.event, error } },
  ]);
  return true;
}
