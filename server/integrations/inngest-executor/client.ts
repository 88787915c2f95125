/**
 * The two calls the run viewer makes to whoever runs the Inngest functions: send an event (the
 * standard event API, so replay also works against Inngest Cloud) and cancel a run (the REST
 * shape DELETE /v1/runs/:id, served by the local executor). Configured by the same env vars as
 * the SDK; with them unset, the local executor's default address is used.
 */
export class ExecutorCallError extends Error {
  override name = "ExecutorCallError";
}

export interface ExecutorClient {
  sendEvent(event: { name: string; data: Record<string, unknown> }): Promise<string[]>;
  cancelRun(runId: string): Promise<void>;
}

const TIMEOUT_MS = 5_000;

export function createExecutorClient(cfg: { baseUrl: string; eventKey?: string; signingKey?: string }): ExecutorClient {
  const base = cfg.baseUrl.replace(/\/+$/, "");
  async function call(path: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      throw new ExecutorCallError(`the Inngest executor at ${base} did not answer: ${(e as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new ExecutorCallError(`the Inngest executor answered HTTP ${res.status}: ${body.error ?? "no details"}`);
    return body;
  }
  return {
    async sendEvent(event) {
      if (!cfg.eventKey) throw new ExecutorCallError("INNGEST_EVENT_KEY is not set");
      const body = (await call(`/e/${encodeURIComponent(cfg.eventKey)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(event) })) as { ids?: string[] };
      return body.ids ?? [];
    },
    async cancelRun(runId) {
      if (!cfg.signingKey) throw new ExecutorCallError("INNGEST_SIGNING_KEY is not set");
      await call(`/v1/runs/${encodeURIComponent(runId)}`, { method: "DELETE", headers: { authorization: `Bearer ${cfg.signingKey}` } });
    },
  };
}

/** The client for this process's environment. */
export function executorClientFromEnv(env: { INNGEST_BASE_URL?: string; INNGEST_EVENT_KEY?: string; INNGEST_SIGNING_KEY?: string }): ExecutorClient {
  return createExecutorClient({ baseUrl: env.INNGEST_BASE_URL ?? "http://127.0.0.1:8288", eventKey: env.INNGEST_EVENT_KEY, signingKey: env.INNGEST_SIGNING_KEY });
}
