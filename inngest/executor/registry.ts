import { logger } from "@/server/logger";
import { syncResponseSchema, validateFunction, type FunctionConfig } from "./config";
import type { Ctx, StoredFunction } from "./context";
import { signRequest, verifyText } from "./signing";
import { isoTime } from "./store";

export class SyncError extends Error {
  override name = "SyncError";
  constructor(message: string, readonly problems: string[] = []) {
    super(problems.length ? `${message}:\n  - ${problems.join("\n  - ")}` : message);
  }
}

/** Loads the last synced functions from the database (so a restart works before the app is up). */
export function loadFunctions(ctx: Ctx): void {
  const rows = ctx.store.sql.functions.all() as { id: string; appId: string; config: string; url: string }[];
  ctx.functions.clear();
  for (const r of rows) ctx.functions.set(r.id, { id: r.id, url: r.url, config: JSON.parse(r.config) as FunctionConfig });
}

/**
 * Validates and stores an app's function list; every unsupported feature of every function is
 * reported at once and nothing is stored then (the previous sync stays in force).
 */
export async function storeFunctions(ctx: Ctx, appId: string, rawFunctions: unknown[]): Promise<StoredFunction[]> {
  const problems: string[] = [];
  const fns: StoredFunction[] = [];
  for (const raw of rawFunctions) {
    const v = validateFunction(raw);
    problems.push(...v.problems);
    if (v.config) fns.push({ id: v.config.id, config: v.config, url: v.config.steps.step.runtime.url });
  }
  if (problems.length) throw new SyncError(`sync of app "${appId}" rejected`, problems);
  const { sql } = ctx.store;
  const now = isoTime(Date.now());
  await ctx.store.tx(() => {
    const keep = new Set(fns.map((f) => f.id));
    for (const r of sql.functions.all() as { id: string; appId: string }[]) if (r.appId === appId && !keep.has(r.id)) sql.deleteFunction.run(r.id);
    for (const f of fns) sql.upsertFunction.run({ id: f.id, appId, name: f.config.name ?? f.id, config: JSON.stringify(f.config), url: f.url, syncedAt: now });
  });
  loadFunctions(ctx);
  return fns;
}

/** In-band sync: `PUT` the app's endpoint, verify its signed answer, store the configs. */
export async function syncApp(ctx: Ctx): Promise<{ appId: string; functions: string[] }> {
  const body = { url: ctx.opts.appUrl };
  let res: Response;
  let text: string;
  try {
    res = await fetch(ctx.opts.appUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band", "x-inngest-signature": signRequest(body, ctx.opts.signingKey) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    text = await res.text();
  } catch (e) {
    throw new SyncError(`cannot reach the app at ${ctx.opts.appUrl}: ${(e as Error).message}`);
  }
  if (res.status !== 200) throw new SyncError(`the app answered the sync with HTTP ${res.status}: ${text.slice(0, 300)}`);
  if (res.headers.get("x-inngest-sync-kind") !== "in_band") {
    throw new SyncError("the app did not answer with an in-band sync (is INNGEST_ALLOW_IN_BAND_SYNC=0 set, or is INNGEST_SIGNING_KEY missing in the app?)");
  }
  const verified = verifyText(res.headers.get("x-inngest-signature"), text, ctx.opts.signingKey);
  if (!verified.ok) throw new SyncError(`the app's sync answer failed signature verification (${verified.reason})`);
  let parsed;
  try {
    parsed = syncResponseSchema.parse(JSON.parse(text));
  } catch (e) {
    throw new SyncError(`the app's sync answer is not understood: ${(e as Error).message.slice(0, 300)}`);
  }
  const appId = parsed.app_id ?? parsed.appName ?? "app";
  const fns = await storeFunctions(ctx, appId, parsed.functions);
  logger.info({ appId, functions: fns.length }, "executor: synced");
  return { appId, functions: fns.map((f) => f.id) };
}
