import { logger } from "@/server/logger";
import type { CallOutcome, Op } from "./call";
import { maxAttempts } from "./config";
import type { Ctx, StoredFunction } from "./context";
import { ingestInTx } from "./events";
import { completeRun, discoverIfIdle, enqueue, failRun, settleStep, toJsonError, upsertStep, type Emit, type JsonError } from "./runs";
import type { QueueRow, Store } from "./store";
import { backoffMs, parseDuration, sleepUntil } from "./time";

/** The queue fields a worker needs once it holds the item's lease. */
export type LeasedItem = Pick<QueueRow, "id" | "runId" | "kind" | "stepId" | "attempt" | "payload" | "functionId">;

/** Op codes the executor cannot honour: the run fails with a message naming the feature. */
const UNSUPPORTED_OPS: Record<string, string> = {
  InvokeFunction: "step.invoke",
  AIGateway: "step.ai.infer",
  Gateway: "step.fetch",
  WaitForSignal: "step.waitForSignal",
  DeferAdd: "deferred steps",
  DeferAbort: "deferred steps",
};

/** Ops that report a result rather than a new step to schedule. */
const SETTLING_OPS = new Set(["StepRun", "StepFailed", "RunComplete"]);

const emitter = (ctx: Ctx, now: number): Emit => (events) => ingestInTx(ctx, events, now);

/**
 * Takes the item out of the queue — only if this worker still holds it. The delete is the first
 * statement of every result transaction: it takes SQLite's write lock, and a result delivered
 * twice (or after the lease passed to another worker) finds nothing to delete and changes nothing.
 */
function claim(s: Store, item: LeasedItem, owner: string): boolean {
  return s.sql.claimItem.run(item.id, owner).changes === 1;
}

function retryOrFail(ctx: Ctx, s: Store, fn: StoredFunction, item: LeasedItem, error: JsonError, retriable: boolean, retryAt: number | undefined, now: number) {
  const next = item.attempt + 1;
  if (!retriable || next >= maxAttempts(fn.config)) {
    failRun(s, emitter(ctx, now), item.runId, error, now);
    return;
  }
  const at = retryAt ?? now + backoffMs(item.attempt, ctx.opts.backoffScale);
  enqueue(s, { runId: item.runId, kind: "CALL", stepId: item.stepId, attempt: next, availableAt: at, payload: { lastError: error.message } }, now);
  if (item.stepId === "step") s.sql.setRunError.run(JSON.stringify(error), item.runId);
}

function applyOps(ctx: Ctx, s: Store, fn: StoredFunction, item: LeasedItem, ops: Op[], retryAt: number | undefined, now: number) {
  const name = (op: Op) => op.displayName ?? op.name ?? op.id;
  // Several new steps at once = parallelism: from now on the SDK must not run steps on its own.
  // (Settled results — StepRun / StepFailed, a checkpointed call's RunComplete — are not new steps.)
  if (ops.filter((op) => !SETTLING_OPS.has(op.op)).length > 1) s.sql.setDisableImmediate.run(item.runId);
  for (const op of ops) {
    const feature = UNSUPPORTED_OPS[op.op];
    if (feature) {
      failRun(s, emitter(ctx, now), item.runId, { name: "UnsupportedFeature", message: `${feature} (op ${op.op}) is not supported by the local executor` }, now);
      return;
    }
    switch (op.op) {
      case "StepRun":
        settleStep(s, item.runId, { id: op.id, name: name(op), op: "StepRun" }, { data: op.data ?? null }, now, item.attempt + 1);
        break;
      case "RunComplete":
        // A checkpointing call ran the function to its end: `data` is its return value.
        completeRun(s, emitter(ctx, now), item.runId, op.data ?? null, now);
        return;
      case "StepFailed":
        settleStep(s, item.runId, { id: op.id, name: name(op), op: "StepRun" }, { error: toJsonError(op.error) }, now, item.attempt + 1);
        break;
      case "StepError": {
        const error = toJsonError(op.error);
        upsertStep(s, item.runId, op.id, name(op), "StepRun", { status: "RETRYING", error: JSON.stringify(error), attempts: item.attempt + 1 }, now);
        if (item.attempt + 1 >= maxAttempts(fn.config)) {
          // The SDK should have said StepFailed on the last attempt; settle it as failed anyway.
          settleStep(s, item.runId, { id: op.id, name: name(op), op: "StepRun" }, { error }, now, item.attempt + 1);
          break;
        }
        const at = retryAt ?? now + backoffMs(item.attempt, ctx.opts.backoffScale);
        enqueue(s, { runId: item.runId, kind: "CALL", stepId: item.stepId, attempt: item.attempt + 1, availableAt: at, payload: { step: name(op) } }, now);
        break;
      }
      case "StepPlanned":
        if (known(s, item.runId, op.id)) break;
        upsertStep(s, item.runId, op.id, name(op), "StepRun", { status: "PLANNED" }, now);
        enqueue(s, { runId: item.runId, kind: "CALL", stepId: op.id, attempt: 0, availableAt: now, payload: { step: name(op) } }, now);
        break;
      case "Sleep": {
        if (known(s, item.runId, op.id)) break;
        const until = op.name ? sleepUntil(op.name, now) : undefined;
        if (until === undefined) {
          failRun(s, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `step.sleep "${name(op)}": cannot read the time "${op.name}"` }, now);
          return;
        }
        upsertStep(s, item.runId, op.id, name(op), "Sleep", { status: "SLEEPING" }, now);
        enqueue(s, { runId: item.runId, kind: "SLEEP", stepId: op.id, attempt: 0, availableAt: until, payload: { step: name(op) } }, now);
        break;
      }
      case "WaitForEvent": {
        if (known(s, item.runId, op.id)) break;
        const timeout = typeof op.opts?.timeout === "string" ? parseDuration(op.opts.timeout) : undefined;
        if (!op.name || timeout === undefined) {
          failRun(s, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `step.waitForEvent "${name(op)}": needs an event name and a timeout` }, now);
          return;
        }
        const expression = typeof op.opts?.if === "string" ? op.opts.if : null;
        upsertStep(s, item.runId, op.id, name(op), "WaitForEvent", { status: "WAITING" }, now);
        s.sql.insertWait.run(`${item.runId}:${op.id}`, item.runId, op.id, op.name, expression, now + timeout);
        enqueue(s, { runId: item.runId, kind: "WAIT_TIMEOUT", stepId: op.id, attempt: 0, availableAt: now + timeout, payload: { step: name(op), event: op.name } }, now);
        break;
      }
      default:
        failRun(s, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `the SDK reported the unknown op "${op.op}"` }, now);
        return;
    }
  }
  discoverIfIdle(s, item.runId, now);
}

/** Whether a step already has a result or is already scheduled (a repeated report changes nothing). */
function known(s: Store, runId: string, stepId: string): boolean {
  const row = s.sql.step.get(runId, stepId) as { status: string } | undefined;
  return row !== undefined && row.status !== "RETRYING";
}

/**
 * Applies the app's answer to a CALL item, exactly once. `checkpointRefused`: this process refused
 * a checkpoint of this very call (so an answer saying the SDK stopped for that is known genuine).
 */
export function applyCallOutcome(ctx: Ctx, s: Store, fn: StoredFunction, item: LeasedItem, owner: string, outcome: CallOutcome, now: number, checkpointRefused = false) {
  if (!(claim(s, item, owner))) return false;
  s.sql.countAttempt.run(item.runId);
  if (outcome.kind === "done") completeRun(s, emitter(ctx, now), item.runId, outcome.output, now);
  else if (outcome.kind === "error" && outcome.error.name === "StaleDispatchError") {
    // The SDK stopped because a checkpoint was refused while we still held the call. When we know
    // this process refused it, nothing failed: ask again at the same attempt. Otherwise (another
    // executor process refused it, or the function threw an error of that name) it counts as a
    // retriable failure, so it can never loop.
    if (checkpointRefused) enqueue(s, { runId: item.runId, kind: "CALL", stepId: item.stepId, attempt: item.attempt, availableAt: now, payload: { stale: true } }, now);
    else retryOrFail(ctx, s, fn, item, outcome.error, true, outcome.retryAt, now);
  } else if (outcome.kind === "error") {
    logger.info({ runId: item.runId, functionId: fn.id, attempt: item.attempt, error: outcome.error.message }, "executor: call failed");
    retryOrFail(ctx, s, fn, item, outcome.error, outcome.retriable, outcome.retryAt, now);
  } else applyOps(ctx, s, fn, item, outcome.ops, outcome.retryAt, now);
  return true;
}

/** A sleep ended or a wait timed out: the step settles with null. */
export function applyTimer(ctx: Ctx, s: Store, item: LeasedItem, owner: string, now: number) {
  if (!(claim(s, item, owner))) return false;
  if (item.kind === "WAIT_TIMEOUT") {
    if (s.sql.deleteWaitOfStep.run(item.runId, item.stepId).changes === 0) return true;
  }
  const op = item.kind === "SLEEP" ? "Sleep" : "WaitForEvent";
  const name = (JSON.parse(item.payload) as { step?: string }).step ?? item.stepId;
  settleStep(s, item.runId, { id: item.stepId, name, op }, { data: null }, now);
  discoverIfIdle(s, item.runId, now);
  return true;
}

/** The run's function is gone (removed from the app, then re-synced): fail the run, clearly. */
export function applyMissingFunction(ctx: Ctx, s: Store, item: LeasedItem, owner: string, now: number) {
  if (!(claim(s, item, owner))) return;
  failRun(s, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `function ${item.functionId} is not registered (removed from the app?)` }, now);
}
