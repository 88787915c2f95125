import { z } from "zod";
import { opSchema, type Op } from "./call";
import { settleStep } from "./runs";
import type { Store } from "./store";

/**
 * The SDK's async checkpointing (SDK v4 `StepMode.AsyncCheckpointing`). When a discovery call
 * carries `ctx.fn_id` and `ctx.qi_id`, the SDK runs each new `step.run` at once, POSTs its result
 * to `/v1/checkpoint/{runId}/async`, and — once we answer 2xx — goes straight on to the next step
 * in the same call, instead of answering 206 and being called again (which replays every memoised
 * step each time). The call ends as usual: 206 with what it could not run in-band (sleeps, waits,
 * parallel steps, an error) or with a `RunComplete` op carrying the function's return value.
 *
 * Guarantees, as for results that arrive in a call's answer:
 * - A checkpoint is answered only after its steps are committed (fsync), so a step the SDK goes
 *   past is durable; if the executor dies first, the SDK's retries fail, the call is lost, and the
 *   step runs again after the lease ends (the at-least-once window of an in-flight step).
 * - Only the dispatch that holds the call's lease may checkpoint. `qi_id` names the queue item,
 *   the lease owner (one per executor process) and a per-dispatch nonce; the transaction's first
 *   statement renews that lease only if the owner still holds it, and runs in the same
 *   transaction as the recording. A call whose lease passed to another dispatch (the executor that
 *   sent it died, or its lease ran out) gets 409, which makes the SDK stop at once
 *   (`StaleDispatchError`) so two calls never run one run's steps side by side.
 * - A checkpoint delivered twice changes nothing the second time (a step already on the run's
 *   completion stack is not recorded again).
 */

/** What the SDK posts (api.checkpointStepsAsync). Unknown fields are ignored. */
export const checkpointBodySchema = z.looseObject({
  run_id: z.string().min(1),
  fn_id: z.string().min(1),
  qi_id: z.string().min(1),
  steps: z.array(opSchema).min(1),
});

/** The dispatch a `qi_id` names: queue item, lease owner, nonce of that dispatch. */
export interface DispatchToken {
  itemId: string;
  owner: string;
  nonce: string;
}

export function encodeDispatchToken(t: DispatchToken): string {
  return `${t.itemId}.${t.owner}.${t.nonce}`;
}

export function decodeDispatchToken(qiId: string): DispatchToken | undefined {
  const m = /^([0-9A-Z]{26})\.([0-9A-Z]{26})\.(\d{1,15})$/.exec(qiId);
  return m ? { itemId: m[1], owner: m[2], nonce: m[3] } : undefined;
}

export interface CheckpointInput {
  runId: string;
  fnId: string;
  token: DispatchToken;
  ops: Op[];
}

export type CheckpointResult = "recorded" | "stale";

/** Op codes the SDK may checkpoint in async mode (Inngest refuses anything else too). */
const CHECKPOINTABLE = new Set(["StepRun", "Step"]);

/** Checks a parsed body; returns the problem in words, or the input to record. */
export function checkpointInput(pathRunId: string, body: z.infer<typeof checkpointBodySchema>): { error: string } | { input: CheckpointInput } {
  if (body.run_id !== pathRunId) return { error: `run_id ${body.run_id} does not match the URL's run ${pathRunId}` };
  const token = decodeDispatchToken(body.qi_id);
  if (!token) return { error: "qi_id is not a queue item this executor dispatched" };
  const bad = body.steps.find((op) => !CHECKPOINTABLE.has(op.op));
  if (bad) return { error: `cannot checkpoint op ${bad.op} (only step results can be checkpointed; the call's answer carries the rest)` };
  return { input: { runId: body.run_id, fnId: body.fn_id, token, ops: body.steps } };
}

/**
 * Records checkpointed steps in the current write transaction, if the dispatch still holds its
 * lease. `ownDispatch`: the nonce was checked in memory by this process, so a lease that has run
 * out but was not taken by anyone else still counts (an event-loop stall must not stop a healthy
 * call); for another process's dispatch the lease must also be unexpired.
 */
export function applyCheckpoint(s: Store, input: CheckpointInput, ownDispatch: boolean, leaseMs: number, now: number): CheckpointResult {
  const held = s.sql.holdCallLease.run({
    id: input.token.itemId,
    owner: input.token.owner,
    runId: input.runId,
    functionId: input.fnId,
    until: now + leaseMs,
    now,
    own: ownDispatch ? 1 : 0,
  }).changes;
  if (held !== 1) return "stale";
  for (const op of input.ops) {
    settleStep(s, input.runId, { id: op.id, name: op.displayName ?? op.name ?? op.id, op: "StepRun" }, { data: op.data ?? null }, now, 1);
  }
  return "recorded";
}
