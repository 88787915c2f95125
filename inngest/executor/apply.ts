import { logger } from "@/server/logger";
import type { CallOutcome, Op } from "./call";
import { maxAttempts } from "./config";
import type { Ctx, StoredFunction, Tx } from "./context";
import { ingestInTx } from "./events";
import { completeRun, discoverIfIdle, enqueue, failRun, settleStep, toJsonError, type JsonError } from "./runs";
import { backoffMs, parseDuration, sleepUntil } from "./time";

export interface LeasedItem {
  id: string;
  runId: string;
  kind: string;
  stepId: string;
  attempt: number;
  payload: string;
  functionId: string;
}

/** Op codes the executor cannot honour: the run fails with a message naming the feature. */
const UNSUPPORTED_OPS: Record<string, string> = {
  InvokeFunction: "step.invoke",
  AIGateway: "step.ai.infer",
  Gateway: "step.fetch",
  WaitForSignal: "step.waitForSignal",
  DeferAdd: "deferred steps",
  DeferAbort: "deferred steps",
};

const emitter = (ctx: Ctx, now: number) => (tx: Tx, events: { name: string; data: Record<string, unknown> }[]) => ingestInTx(ctx, tx, events, now);

/**
 * Takes the item out of the queue — only if this worker still holds it. The delete is the first
 * statement of every result transaction: it takes SQLite's write lock, and a result delivered
 * twice (or after the lease passed to another worker) finds nothing to delete and changes nothing.
 */
async function claim(tx: Tx, item: LeasedItem, owner: string): Promise<boolean> {
  const gone = await tx.$executeRaw`DELETE FROM ExecQueueItem WHERE id = ${item.id} AND leaseOwner = ${owner}`;
  return gone === 1;
}

async function retryOrFail(ctx: Ctx, tx: Tx, fn: StoredFunction, item: LeasedItem, error: JsonError, retriable: boolean, retryAt: number | undefined, now: number) {
  const next = item.attempt + 1;
  if (!retriable || next >= maxAttempts(fn.config)) {
    await failRun(ctx, tx, emitter(ctx, now), item.runId, error, now);
    return;
  }
  const at = retryAt ?? now + backoffMs(item.attempt, ctx.opts.backoffScale);
  await enqueue(tx, { runId: item.runId, kind: "CALL", stepId: item.stepId, attempt: next, availableAt: at, payload: { lastError: error.message } });
  if (item.stepId === "step") await tx.execRun.update({ where: { id: item.runId }, data: { error: JSON.stringify(error) }, select: { id: true } });
}

async function applyOps(ctx: Ctx, tx: Tx, fn: StoredFunction, item: LeasedItem, ops: Op[], retryAt: number | undefined, now: number) {
  const name = (op: Op) => op.displayName ?? op.name ?? op.id;
  if (ops.length > 1) await tx.execRun.update({ where: { id: item.runId }, data: { disableImmediate: true }, select: { id: true } });
  for (const op of ops) {
    const feature = UNSUPPORTED_OPS[op.op];
    if (feature) {
      await failRun(ctx, tx, emitter(ctx, now), item.runId, { name: "UnsupportedFeature", message: `${feature} (op ${op.op}) is not supported by the local executor` }, now);
      return;
    }
    switch (op.op) {
      case "StepRun":
        await settleStep(tx, item.runId, { id: op.id, name: name(op), op: "StepRun" }, { data: op.data ?? null }, now, item.attempt + 1);
        break;
      case "StepFailed":
        await settleStep(tx, item.runId, { id: op.id, name: name(op), op: "StepRun" }, { error: toJsonError(op.error) }, now, item.attempt + 1);
        break;
      case "StepError": {
        const error = toJsonError(op.error);
        await upsertStep(tx, item.runId, op.id, name(op), "StepRun", { status: "RETRYING", error: JSON.stringify(error), attempts: item.attempt + 1 });
        if (item.attempt + 1 >= maxAttempts(fn.config)) {
          // The SDK should have said StepFailed on the last attempt; settle it as failed anyway.
          await settleStep(tx, item.runId, { id: op.id, name: name(op), op: "StepRun" }, { error }, now, item.attempt + 1);
          break;
        }
        const at = retryAt ?? now + backoffMs(item.attempt, ctx.opts.backoffScale);
        await enqueue(tx, { runId: item.runId, kind: "CALL", stepId: item.stepId, attempt: item.attempt + 1, availableAt: at, payload: { step: name(op) } });
        break;
      }
      case "StepPlanned":
        if (await known(tx, item.runId, op.id)) break;
        await upsertStep(tx, item.runId, op.id, name(op), "StepRun", { status: "PLANNED" });
        await enqueue(tx, { runId: item.runId, kind: "CALL", stepId: op.id, attempt: 0, availableAt: now, payload: { step: name(op) } });
        break;
      case "Sleep": {
        if (await known(tx, item.runId, op.id)) break;
        const until = op.name ? sleepUntil(op.name, now) : undefined;
        if (until === undefined) {
          await failRun(ctx, tx, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `step.sleep "${name(op)}": cannot read the time "${op.name}"` }, now);
          return;
        }
        await upsertStep(tx, item.runId, op.id, name(op), "Sleep", { status: "SLEEPING" });
        await enqueue(tx, { runId: item.runId, kind: "SLEEP", stepId: op.id, attempt: 0, availableAt: until, payload: { step: name(op) } });
        break;
      }
      case "WaitForEvent": {
        if (await known(tx, item.runId, op.id)) break;
        const timeout = typeof op.opts?.timeout === "string" ? parseDuration(op.opts.timeout) : undefined;
        if (!op.name || timeout === undefined) {
          await failRun(ctx, tx, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `step.waitForEvent "${name(op)}": needs an event name and a timeout` }, now);
          return;
        }
        const expression = typeof op.opts?.if === "string" ? op.opts.if : null;
        await upsertStep(tx, item.runId, op.id, name(op), "WaitForEvent", { status: "WAITING" });
        await tx.execWait.create({ data: { id: `${item.runId}:${op.id}`, runId: item.runId, stepId: op.id, eventName: op.name, expression, expiresAt: BigInt(now + timeout) }, select: { id: true } });
        await enqueue(tx, { runId: item.runId, kind: "WAIT_TIMEOUT", stepId: op.id, attempt: 0, availableAt: now + timeout, payload: { step: name(op), event: op.name } });
        break;
      }
      default:
        await failRun(ctx, tx, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `the SDK reported the unknown op "${op.op}"` }, now);
        return;
    }
  }
  await discoverIfIdle(tx, item.runId, now);
}

/** Whether a step already has a result or is already scheduled (a repeated report changes nothing). */
async function known(tx: Tx, runId: string, stepId: string): Promise<boolean> {
  const row = await tx.execStep.findUnique({ where: { runId_stepId: { runId, stepId } }, select: { status: true } });
  return row !== null && row.status !== "RETRYING";
}

async function upsertStep(tx: Tx, runId: string, stepId: string, name: string, op: string, fields: { status: string; error?: string; attempts?: number }) {
  await tx.execStep.upsert({
    where: { runId_stepId: { runId, stepId } },
    create: { runId, stepId, name, op, ...fields },
    update: fields,
    select: { runId: true },
  });
}

/** Applies the app's answer to a CALL item, exactly once. */
export async function applyCallOutcome(ctx: Ctx, tx: Tx, fn: StoredFunction, item: LeasedItem, owner: string, outcome: CallOutcome, now: number) {
  if (!(await claim(tx, item, owner))) return false;
  await tx.$executeRaw`UPDATE ExecRun SET attempts = attempts + 1 WHERE id = ${item.runId}`;
  if (outcome.kind === "done") await completeRun(ctx, tx, emitter(ctx, now), item.runId, outcome.output, now);
  else if (outcome.kind === "error") {
    logger.info({ runId: item.runId, functionId: fn.id, attempt: item.attempt, error: outcome.error.message }, "executor: call failed");
    await retryOrFail(ctx, tx, fn, item, outcome.error, outcome.retriable, outcome.retryAt, now);
  } else await applyOps(ctx, tx, fn, item, outcome.ops, outcome.retryAt, now);
  return true;
}

/** A sleep ended or a wait timed out: the step settles with null. */
export async function applyTimer(ctx: Ctx, tx: Tx, item: LeasedItem, owner: string, now: number) {
  if (!(await claim(tx, item, owner))) return false;
  if (item.kind === "WAIT_TIMEOUT") {
    const removed = await tx.execWait.deleteMany({ where: { runId: item.runId, stepId: item.stepId } });
    if (removed.count === 0) return true;
  }
  const op = item.kind === "SLEEP" ? "Sleep" : "WaitForEvent";
  const name = (JSON.parse(item.payload) as { step?: string }).step ?? item.stepId;
  await settleStep(tx, item.runId, { id: item.stepId, name, op }, { data: null }, now);
  await discoverIfIdle(tx, item.runId, now);
  return true;
}

/** The run's function is gone (removed from the app, then re-synced): fail the run, clearly. */
export async function applyMissingFunction(ctx: Ctx, tx: Tx, item: LeasedItem, owner: string, now: number) {
  if (!(await claim(tx, item, owner))) return;
  await failRun(ctx, tx, emitter(ctx, now), item.runId, { name: "ExecutorError", message: `function ${item.functionId} is not registered (removed from the app?)` }, now);
}
