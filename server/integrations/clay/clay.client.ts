import { ClayError, CLAY_WEBHOOK_AUTH_HEADER, type ClayClient, type ClayRow } from "./clay.types";

export const CLAY_TIMEOUT_MS = 10_000;

/** Live Clay: POST the row as JSON to the table's webhook URL (optional auth header), 10 s timeout. */
export function createClayClient(opts: { webhookUrl: string; auth?: string; timeoutMs?: number; fetch?: typeof fetch }): ClayClient {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? CLAY_TIMEOUT_MS;
  return {
    mode: "live",
    async push(row: ClayRow) {
      let res: Response;
      try {
        res = await doFetch(opts.webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json", ...(opts.auth ? { [CLAY_WEBHOOK_AUTH_HEADER]: opts.auth } : {}) },
          body: JSON.stringify(row),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const err = e as Error;
        if (err.name === "TimeoutError" || err.name === "AbortError") throw new ClayError("TIMEOUT", `Clay did not answer within ${timeoutMs} ms`);
        throw new ClayError("NETWORK", `Clay unreachable: ${err.message}`);
      }
      // Drain the body so the connection is released; its content is not needed.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new ClayError("HTTP", `Clay answered ${res.status}`, res.status);
    },
  };
}
