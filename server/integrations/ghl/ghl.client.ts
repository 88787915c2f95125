import { retryAfterMs } from "@/server/integrations/http-status";
import { z } from "zod";
import { GhlError, type GhlClient, type GhlContactInput, type GhlCustomField, type GhlEmailInput, type GhlSendResult } from "./ghl.types";

export interface GhlClientOptions {
  baseUrl: string;
  token: string;
  locationId: string;
  emailFrom?: string;
  timeoutMs?: number;
  /** Injected for tests. */
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** API versions per endpoint family (the Version header is required). */
const VERSION = { contacts: "2021-07-28", conversations: "2021-04-15" } as const;
/** An upsert (idempotent) waits out a short Retry-After once; anything longer goes back to the caller. */
const MAX_INLINE_RETRY_MS = 2_000;

const upsertResponse = z.object({ contact: z.object({ id: z.string().min(1) }) });
const sendResponse = z.object({ messageId: z.string().min(1), conversationId: z.string().optional(), emailMessageId: z.string().optional() });

/** Retry-After, else GHL's rate-limit window (X-RateLimit-Interval-Milliseconds). */
function waitFrom(h: Headers, now: number): number | undefined {
  const ms = retryAfterMs(h.get("retry-after"), now);
  if (ms !== undefined) return ms;
  const interval = Number(h.get("x-ratelimit-interval-milliseconds"));
  return Number.isFinite(interval) && interval > 0 ? interval : undefined;
}

function isConnectRefused(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string } })?.cause;
  return cause?.code === "ECONNREFUSED" || cause?.code === "ENOTFOUND" || cause?.code === "EAI_AGAIN";
}

/** The live client: Bearer token, Version header, JSON, 10 s timeouts, X-RateLimit-* and 429 honoured. */
export function createGhlClient(o: GhlClientOptions): GhlClient {
  const doFetch = o.fetchImpl ?? fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = o.timeoutMs ?? 10_000;
  // Process-local view of the provider's budget: when it says none is left, wait for its window.
  let blockedUntil = 0;

  async function call(method: string, path: string, version: string, body: unknown): Promise<unknown> {
    const wait = blockedUntil - Date.now();
    if (wait > 0) {
      if (wait > MAX_INLINE_RETRY_MS) throw new GhlError("RATE_LIMITED", "GHL rate-limit budget exhausted", "NO", { retryAfterMs: wait });
      await sleep(wait);
    }
    let res: Response;
    try {
      res = await doFetch(new URL(path, o.baseUrl), {
        method,
        headers: { Authorization: `Bearer ${o.token}`, Version: version, Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const name = (e as Error)?.name;
      if (name === "TimeoutError" || name === "AbortError") throw new GhlError("TIMEOUT", `GHL ${path} timed out after ${timeoutMs} ms`, "UNKNOWN");
      if (isConnectRefused(e)) throw new GhlError("NETWORK", `GHL ${path}: connection refused`, "NO");
      throw new GhlError("NETWORK", `GHL ${path}: ${(e as Error)?.message ?? "network error"}`, "UNKNOWN");
    }
    const remaining = res.headers.get("x-ratelimit-remaining");
    if (remaining !== null && Number(remaining) <= 0) {
      blockedUntil = Date.now() + (waitFrom(res.headers, Date.now()) ?? 10_000);
    }
    if (res.status === 429) {
      const ms = waitFrom(res.headers, Date.now()) ?? 10_000;
      blockedUntil = Math.max(blockedUntil, Date.now() + ms);
      throw new GhlError("RATE_LIMITED", `GHL ${path}: 429 rate limited`, "NO", { status: 429, retryAfterMs: ms });
    }
    // A revoked or wrong token: retried in 15 min (a person has to fix it; the breaker opens meanwhile).
    if (res.status === 401 || res.status === 403) throw new GhlError("UNAUTHORIZED", `GHL ${path}: ${res.status} (token refused)`, "NO", { status: res.status, retryAfterMs: 15 * 60_000 });
    if (res.status >= 500) throw new GhlError("SERVER", `GHL ${path}: ${res.status}`, res.status === 503 ? "NO" : "UNKNOWN", { status: res.status });
    if (res.status >= 400) throw new GhlError("CLIENT", `GHL ${path}: ${res.status}`, "NO", { status: res.status });
    try {
      return await res.json();
    } catch {
      throw new GhlError("BAD_RESPONSE", `GHL ${path}: response is not JSON`, "UNKNOWN", { status: res.status });
    }
  }

  function parse<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
    const r = schema.safeParse(value);
    if (!r.success) throw new GhlError("BAD_RESPONSE", `GHL ${path}: unexpected response shape`, "UNKNOWN");
    return r.data;
  }

  return {
    mode: "LIVE",
    async upsertContact(input: GhlContactInput) {
      const body = {
        locationId: o.locationId, email: input.email,
        ...(input.firstName ? { firstName: input.firstName } : {}),
        ...(input.lastName ? { lastName: input.lastName } : {}),
        ...(input.companyName ? { companyName: input.companyName } : {}),
        ...(input.customFields?.length ? { customFields: input.customFields } : {}),
      };
      try {
        return { contactId: parse(upsertResponse, await call("POST", "/contacts/upsert", VERSION.contacts, body), "/contacts/upsert").contact.id };
      } catch (e) {
        // upsert is idempotent: a short 429 is waited out once
        if (e instanceof GhlError && e.kind === "RATE_LIMITED" && (e.opts.retryAfterMs ?? Infinity) <= MAX_INLINE_RETRY_MS) {
          await sleep(e.opts.retryAfterMs ?? 0);
          return { contactId: parse(upsertResponse, await call("POST", "/contacts/upsert", VERSION.contacts, body), "/contacts/upsert").contact.id };
        }
        throw e;
      }
    },
    async sendEmail(input: GhlEmailInput): Promise<GhlSendResult> {
      // Never retried here: a second POST could be a second e-mail. The send path decides.
      const body = {
        type: "Email", contactId: input.contactId, subject: input.subject, html: input.html,
        ...(input.text ? { message: input.text } : {}),
        emailTo: input.emailTo,
        ...(input.emailFrom ?? o.emailFrom ? { emailFrom: input.emailFrom ?? o.emailFrom } : {}),
        headers: input.headers,
      };
      const r = parse(sendResponse, await call("POST", "/conversations/messages", VERSION.conversations, body), "/conversations/messages");
      return { messageId: r.messageId, ...(r.conversationId ? { conversationId: r.conversationId } : {}) };
    },
    async updateCustomFields(contactId: string, fields: GhlCustomField[]) {
      await call("PUT", `/contacts/${encodeURIComponent(contactId)}`, VERSION.contacts, { customFields: fields });
    },
    async findSentMessage() {
      return null;
    },
  };
}
