import { z } from "zod";
import { Cron } from "croner";
import { assertCompiles } from "./expressions";

/**
 * The function config the SDK reports at sync (InngestFunction.getConfig), as far as the executor
 * reads it. Unknown keys pass through so `rejectUnsupported` can name them.
 */
const concurrencyItem = z.union([
  z.number().int().positive(),
  z.object({ limit: z.number().int().nonnegative(), key: z.string().optional(), scope: z.enum(["fn", "env", "account"]).optional() }),
]);

export const functionConfigSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  triggers: z.array(z.looseObject({ event: z.string().optional(), expression: z.string().optional(), cron: z.string().optional() })).default([]),
  steps: z.record(
    z.string(),
    z.looseObject({
      id: z.string(),
      runtime: z.looseObject({ type: z.string(), url: z.string() }),
      retries: z.object({ attempts: z.number().int().nonnegative() }).optional(),
    }),
  ),
  concurrency: z.union([concurrencyItem, z.array(concurrencyItem)]).optional(),
  idempotency: z.string().optional(),
  cancel: z.array(z.object({ event: z.string(), if: z.string().optional(), timeout: z.string().optional() })).optional(),
});
export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export const syncResponseSchema = z.looseObject({
  app_id: z.string().optional(),
  appName: z.string().optional(),
  url: z.string().optional(),
  functions: z.array(z.unknown()),
});

/** Config keys of features this executor does not implement (rejected, never silently ignored). */
const UNSUPPORTED: Record<string, string> = {
  batchEvents: "event batching (batchEvents)",
  rateLimit: "rate limiting (rateLimit)",
  throttle: "throttling (throttle)",
  debounce: "debounce",
  priority: "priority",
  singleton: "singleton",
  timeouts: "timeouts",
};

const KNOWN = new Set(["id", "name", "triggers", "steps", "concurrency", "idempotency", "cancel", ...Object.keys(UNSUPPORTED)]);

/** Inngest's default: 4 retries, i.e. 5 attempts. */
export const DEFAULT_RETRIES = 4;

export function maxAttempts(fn: FunctionConfig): number {
  return (fn.steps.step?.retries?.attempts ?? DEFAULT_RETRIES) + 1;
}

/** Splits an Inngest cron ("TZ=Europe/Paris 0 9 * * *") into pattern and time zone. */
export function parseCron(text: string): { pattern: string; timezone?: string } {
  const m = /^(?:CRON_)?TZ=(\S+)\s+(.+)$/.exec(text.trim());
  return m ? { pattern: m[2].trim(), timezone: m[1] } : { pattern: text.trim() };
}

export function cronOf(text: string): Cron {
  const { pattern, timezone } = parseCron(text);
  return new Cron(pattern, { timezone, paused: true });
}

/**
 * Parses one function's config and lists every reason this executor cannot run it faithfully,
 * each naming the function and the feature.
 */
export function validateFunction(raw: unknown): { config?: FunctionConfig; problems: string[] } {
  const parsed = functionConfigSchema.safeParse(raw);
  const id = (raw as { id?: unknown })?.id ?? "(no id)";
  if (!parsed.success) return { problems: [`function ${String(id)}: config not understood: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`] };
  const fn = parsed.data;
  const problems: string[] = [];
  const say = (what: string) => problems.push(`function ${fn.id}: ${what}`);
  for (const [key, value] of Object.entries(fn)) {
    if (value === undefined || value === null) continue;
    if (UNSUPPORTED[key]) say(`uses ${UNSUPPORTED[key]}, which the local executor does not implement`);
    else if (!KNOWN.has(key)) say(`uses the unknown config feature "${key}"`);
  }
  const step = fn.steps.step;
  if (!step || Object.keys(fn.steps).length !== 1) say('expected exactly one step entry named "step"');
  else if (step.runtime.type !== "http") say(`runtime "${step.runtime.type}" is not supported (only http)`);
  for (const t of fn.triggers) {
    try {
      if (t.cron) cronOf(t.cron);
      else if (!t.event) say("has a trigger with neither event nor cron");
      if (t.expression) assertCompiles(t.expression);
    } catch (e) {
      say(`trigger ${t.cron ? `cron "${t.cron}"` : `"${t.event}"`}: ${(e as Error).message}`);
    }
  }
  for (const c of fn.cancel ?? []) {
    try {
      if (c.if) assertCompiles(c.if);
    } catch (e) {
      say(`cancelOn "${c.event}": ${(e as Error).message}`);
    }
  }
  const concurrency = fn.concurrency === undefined ? [] : Array.isArray(fn.concurrency) ? fn.concurrency : [fn.concurrency];
  for (const c of concurrency) {
    try {
      if (typeof c === "object" && c.key) assertCompiles(c.key);
    } catch (e) {
      say(`concurrency key: ${(e as Error).message}`);
    }
  }
  if (fn.idempotency) {
    try {
      assertCompiles(fn.idempotency);
    } catch (e) {
      say(`idempotency: ${(e as Error).message}`);
    }
  }
  return { config: problems.length ? undefined : fn, problems };
}

/** Whether an event name matches a trigger name (Inngest allows a trailing `*` wildcard). */
export function eventMatches(trigger: string, name: string): boolean {
  return trigger.endsWith("*") ? name.startsWith(trigger.slice(0, -1)) : trigger === name;
}
