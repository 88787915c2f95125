import canonicalize from "canonicalize";
import { z } from "zod";
import type { Ctx, StoredFunction } from "./context";
import type { StoredEvent } from "./events";
import { post, ResponseTooLarge, type PostResult } from "./http-post";
import { signRequest, verifyText } from "./signing";
import { parseRetryAfter } from "./time";
import { toJsonError, type JsonError } from "./runs";

/** One op the SDK reported in a 206 answer. */
export const opSchema = z.looseObject({
  id: z.string().min(1),
  op: z.string().min(1),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).optional().nullable(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});
export type Op = z.infer<typeof opSchema>;

/** What the app answered to one call, classified. */
export type CallOutcome =
  | { kind: "done"; output: unknown }
  | { kind: "ops"; ops: Op[]; noRetry: boolean; retryAt?: number }
  | { kind: "error"; error: JsonError; retriable: boolean; retryAt?: number };

export interface CallInput {
  fn: StoredFunction;
  stepId: string;
  runId: string;
  attempt: number;
  maxAttempts: number;
  disableImmediate: boolean;
  event: StoredEvent;
  steps: Record<string, { type: "data"; data: unknown } | { type: "error"; error: unknown }>;
  stack: string[];
  /** Lets the SDK checkpoint steps it runs in this call (`ctx.fn_id` / `ctx.qi_id`, see checkpoint.ts). */
  checkpoint?: { fnId: string; qiId: string };
}

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

function executorError(message: string): JsonError {
  return { name: "ExecutorError", message };
}

/** Invokes the function through the app's serve endpoint (SDK spec 4.4) and classifies the answer. */
export async function callApp(ctx: Ctx, input: CallInput): Promise<CallOutcome> {
  const url = new URL(input.fn.url);
  url.searchParams.set("fnId", input.fn.id);
  url.searchParams.set("stepId", input.stepId);
  const body = {
    event: input.event,
    events: [input.event],
    steps: input.steps,
    ctx: {
      run_id: input.runId,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
      disable_immediate_execution: input.disableImmediate,
      use_api: false,
      stack: { stack: input.stack, current: input.stack.length },
      ...(input.checkpoint ? { fn_id: input.checkpoint.fnId, qi_id: input.checkpoint.qiId } : {}),
    },
  };
  // The canonical text is both what we sign and what we send: one serialisation per call.
  const text = canonicalize(body) ?? "";
  let res: PostResult;
  try {
    res = await post(url, {
      "content-type": "application/json",
      "x-inngest-signature": signRequest(text, ctx.opts.signingKey),
      // Lets the app (and the crash test) tell a fresh call from one a killed executor sent before it died.
      "x-executor-sent-at": String(Date.now()),
    }, text, { timeoutMs: ctx.opts.requestTimeoutMs, maxBytes: MAX_RESPONSE_BYTES });
  } catch (e) {
    if (e instanceof ResponseTooLarge) return { kind: "error", retriable: true, error: executorError(`${e.message}; the limit is ${MAX_RESPONSE_BYTES}`) };
    return { kind: "error", retriable: true, error: executorError(`could not reach the app at ${url.origin}${url.pathname}: ${(e as Error).message}`) };
  }
  const raw = res.text;
  const header = (name: string) => {
    const v = res.headers[name];
    return Array.isArray(v) ? v[0] : (v ?? null);
  };
  if (res.status === 401) {
    return { kind: "error", retriable: true, error: executorError("the app refused the executor's request signature (do the app and the executor share INNGEST_SIGNING_KEY?)") };
  }
  const known = res.status === 200 || res.status === 206 || res.status === 400 || res.status === 500;
  if (!known) {
    return { kind: "error", retriable: true, error: executorError(`the app answered HTTP ${res.status}, which is not an SDK answer: ${raw.slice(0, 200)}`) };
  }
  // Only a response signed with our key is trusted: anything else could be a proxy page or forgery.
  const verified = verifyText(header("x-inngest-signature"), raw, ctx.opts.signingKey);
  if (!verified.ok) return { kind: "error", retriable: true, error: executorError(`the app's answer failed signature verification (${verified.reason}); HTTP ${res.status}`) };
  let json: unknown;
  try {
    json = raw === "" ? null : JSON.parse(raw);
  } catch {
    return { kind: "error", retriable: true, error: executorError(`the app answered HTTP ${res.status} with a body that is not JSON: ${raw.slice(0, 200)}`) };
  }
  const noRetry = header("x-inngest-no-retry") === "true";
  const retryAt = parseRetryAfter(header("retry-after"), Date.now());
  if (res.status === 200) return { kind: "done", output: json };
  if (res.status === 206) {
    const ops = z.array(opSchema).min(1).safeParse(json);
    if (!ops.success) return { kind: "error", retriable: true, error: executorError(`the app answered 206 without a valid op list: ${ops.error.issues[0]?.message}`) };
    return { kind: "ops", ops: ops.data, noRetry, retryAt };
  }
  return { kind: "error", retriable: !noRetry, retryAt, error: toJsonError(json) };
}
