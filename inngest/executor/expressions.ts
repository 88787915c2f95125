import { parse } from "@marcbachmann/cel-js";
import { logger } from "@/server/logger";

type Compiled = ReturnType<typeof parse>;

/** Compiled CEL programs by source text: each expression is parsed once per process. */
const cache = new Map<string, Compiled | Error>();
const MAX_CACHE = 5_000;

function compile(source: string): Compiled | Error {
  let hit = cache.get(source);
  if (hit) return hit;
  try {
    hit = parse(source);
  } catch (e) {
    hit = e instanceof Error ? e : new Error(String(e));
  }
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(source, hit);
  return hit;
}

/** Throws a readable error when `source` is not valid CEL (used at sync to reject a config). */
export function assertCompiles(source: string): void {
  const c = compile(source);
  if (c instanceof Error) throw new Error(`invalid expression ${JSON.stringify(source)}: ${c.message.split("\n")[0]}`);
}

/**
 * Evaluates a CEL condition (`if`, `match`, `cancelOn`). Inngest treats an expression that fails
 * (a missing key, a type mismatch) as not matching; we do the same and log it, without the values.
 */
export function matches(source: string | null | undefined, vars: Record<string, unknown>): boolean {
  if (!source) return true;
  const c = compile(source);
  if (c instanceof Error) {
    logger.warn({ expression: source, err: c.message.split("\n")[0] }, "executor: expression does not compile; treated as false");
    return false;
  }
  try {
    return c(vars) === true;
  } catch (e) {
    logger.warn({ expression: source, err: (e as Error).message.split("\n")[0] }, "executor: expression failed; treated as false");
    return false;
  }
}

/** Evaluates a CEL expression to a key string (idempotency, concurrency keys); undefined on error. */
export function evaluateKey(source: string, vars: Record<string, unknown>): string | undefined {
  const c = compile(source);
  if (c instanceof Error) return undefined;
  try {
    const v = c(vars);
    return typeof v === "string" ? v : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  } catch (e) {
    logger.warn({ expression: source, err: (e as Error).message.split("\n")[0] }, "executor: key expression failed");
    return undefined;
  }
}

/** `async.data.<field path> == "<string without escapes>"`: the `if` a waitForEvent keyed on an id usually has. */
const ASYNC_DATA_EQUALS = /^\s*async\.data\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*==\s*"([^"\\]*)"\s*$/;

/**
 * For a wait's `if` of the form `async.data.path == "literal"`: whether `incoming` matches, decided
 * without compiling or evaluating CEL and without the run's own event (same result as `matches`:
 * a missing field or a value that is not that string is false). `undefined` for any other form.
 * Why: every incoming event is checked against every wait for its name, and each wait has its own
 * literal (e.g. one Clay request id per visitor), so with many runs waiting the full path (load the
 * run and its event, compile, evaluate) made each event cost O(waiting runs) of real work.
 */
export function quickAsyncEquals(source: string | null | undefined, incoming: { data?: unknown }): boolean | undefined {
  if (!source) return undefined;
  const m = ASYNC_DATA_EQUALS.exec(source);
  if (!m) return undefined;
  let v: unknown = incoming.data;
  for (const key of m[1].split(".")) {
    if (v === null || typeof v !== "object" || Array.isArray(v) || !Object.hasOwn(v, key)) return false;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === "string" && v === m[2];
}
