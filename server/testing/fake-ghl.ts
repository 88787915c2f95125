import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A GHL (LeadConnector v2) fake on loopback that follows the contract the client relies on:
 * Bearer token + Version header required, locationId required on upsert, type "Email" on send,
 * 429 with Retry-After and X-RateLimit-* headers, 500s, and hangs (for client timeouts).
 * It counts calls and, per contact, the messages it actually PROCESSED (what a recipient would get).
 *
 * Behaviours per call, chosen by `plan(kind, callNo)`:
 *  ok | 429 (refused, not processed) | 500 (refused) | 500-after (processed, then 500)
 *  | 503 (refused) | hang (processed, never answers) | 401
 */
export type FakeGhlBehaviour = "ok" | "429" | "500" | "500-after" | "503" | "hang" | "401" | "400";
export type FakeGhlCall = "upsert" | "message" | "update";

export interface FakeGhl {
  url: string;
  token: string;
  calls: Record<FakeGhlCall, number>;
  /** Messages processed per contact id (a recipient would have received each). */
  processed: Map<string, number>;
  /** Message POSTs received per contact id (processed or not). */
  attempts: Map<string, number>;
  lastMessageBody: Record<string, unknown> | null;
  /** Contact updates received (PUT /contacts/{id}), in order. */
  updates: { contactId: string; body: Record<string, unknown> }[];
  setPlan(plan: (kind: FakeGhlCall, n: number) => FakeGhlBehaviour): void;
  contactIdFor(email: string): string;
  close(): Promise<void>;
}

export const contactIdFor = (email: string) => `c_${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 16)}`;

export async function startFakeGhl(opts: { token?: string; locationId?: string } = {}): Promise<FakeGhl> {
  const token = opts.token ?? "test-ghl-token";
  const locationId = opts.locationId ?? "loc_test";
  let plan: (kind: FakeGhlCall, n: number) => FakeGhlBehaviour = () => "ok";
  const calls: Record<FakeGhlCall, number> = { upsert: 0, message: 0, update: 0 };
  const processed = new Map<string, number>();
  const attempts = new Map<string, number>();
  const updates: { contactId: string; body: Record<string, unknown> }[] = [];
  let messageSeq = 0;
  const state = { lastMessageBody: null as Record<string, unknown> | null };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-ratelimit-max": "100", "x-ratelimit-remaining": "99", "x-ratelimit-interval-milliseconds": "10000", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: "Invalid JWT" });
    if (!req.headers.version) return send(400, { message: "Version header is required" });
    if (!String(req.headers.accept ?? "").includes("application/json")) return send(406, { message: "Accept application/json" });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return send(400, { message: "invalid JSON" });
    }
    const path = (req.url ?? "").split("?")[0];
    const kind: FakeGhlCall | null =
      req.method === "POST" && path === "/contacts/upsert" ? "upsert"
      : req.method === "POST" && path === "/conversations/messages" ? "message"
      : req.method === "PUT" && path.startsWith("/contacts/") ? "update" : null;
    if (!kind) return send(404, { message: "not found" });
    const n = ++calls[kind];
    const behaviour = plan(kind, n);
    if (behaviour === "401") return send(401, { message: "token revoked" });
    if (behaviour === "400") return send(400, { message: "invalid email address" });
    if (behaviour === "429") return send(429, { message: "Too many requests" }, { "retry-after": "1", "x-ratelimit-remaining": "0" });
    if (behaviour === "500") return send(500, { message: "internal" });
    if (behaviour === "503") return send(503, { message: "unavailable" });

    if (kind === "upsert") {
      if (body.locationId !== locationId || typeof body.email !== "string") return send(422, { message: "locationId and email are required" });
      if (behaviour === "hang") return;
      return send(200, { new: true, contact: { id: contactIdFor(body.email), locationId } });
    }
    if (kind === "message") {
      const contactId = String(body.contactId ?? "");
      if (body.type !== "Email" || !contactId || typeof body.subject !== "string" || typeof body.html !== "string") {
        return send(422, { message: "type Email, contactId, subject and html are required" });
      }
      attempts.set(contactId, (attempts.get(contactId) ?? 0) + 1);
      processed.set(contactId, (processed.get(contactId) ?? 0) + 1);
      state.lastMessageBody = body;
      if (behaviour === "hang") return; // processed, but the answer never comes: the client times out
      if (behaviour === "500-after") return send(500, { message: "internal" });
      return send(201, { conversationId: `conv_${contactId}`, messageId: `msg_${++messageSeq}`, msg: "Email queued successfully." });
    }
    if (behaviour === "hang") return;
    const contactId = decodeURIComponent(path.slice("/contacts/".length));
    if (!contactId || contactId.includes("/")) return send(404, { message: "not found" });
    if (body.customFields !== undefined && !(Array.isArray(body.customFields) && body.customFields.every((f) => f && typeof f === "object" && ("id" in f || "key" in f) && "field_value" in f))) {
      return send(422, { message: "customFields must be [{ id | key, field_value }]" });
    }
    updates.push({ contactId, body });
    return send(200, { succeded: true, contact: { id: contactId } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, token, calls, processed, attempts, updates,
    get lastMessageBody() { return state.lastMessageBody; },
    setPlan: (p) => { plan = p; },
    contactIdFor,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
