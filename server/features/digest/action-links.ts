import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env } from "@/server/env";

/**
 * One-click override links of the weekly digest: the token is the payload (action, its
 * parameters, an id, an expiry) in base64url, a dot, and an HMAC-SHA256 of that text. Altering
 * any byte breaks the MAC (compared in constant time); an expired token is refused; a used one is
 * refused by the used-token table (digest.service). The token authorises nothing by itself: the
 * POST also needs a signed-in approver.
 */
export const ACTION_KINDS = ["RESUME_SENDING", "RESUME_DOMAIN", "UNFLAG_TEMPLATE", "PAUSE_TEMPLATE"] as const;

const payloadSchema = z.object({
  v: z.literal(1),
  jti: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  act: z.enum(ACTION_KINDS),
  p: z.record(z.string(), z.string().max(200)),
  /** Expiry, epoch milliseconds. */
  exp: z.number().int().positive(),
});
export type ActionPayload = z.infer<typeof payloadSchema>;

/** A token is a few hundred bytes; anything far longer is not ours (and is not worth a MAC). */
export const MAX_TOKEN_LENGTH = 2048;
export const LINK_TTL_MS = 7 * 86_400_000;

function key(): string {
  const e = env();
  return e.ACTION_LINK_SECRET ?? `action-links:${e.NEXTAUTH_SECRET}`;
}

const mac = (text: string, k: string) => createHmac("sha256", k).update(text).digest();

export function signActionToken(input: { act: ActionPayload["act"]; params: Record<string, string>; now: Date; ttlMs?: number }, k = key()): { token: string; payload: ActionPayload } {
  const payload: ActionPayload = { v: 1, jti: randomBytes(16).toString("base64url"), act: input.act, p: input.params, exp: input.now.getTime() + (input.ttlMs ?? LINK_TTL_MS) };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return { token: `${body}.${mac(body, k).toString("base64url")}`, payload };
}

export type VerifyResult = { ok: true; payload: ActionPayload } | { ok: false; reason: "malformed" | "signature" | "expired" };

export function verifyActionToken(token: string, now: Date, k = key()): VerifyResult {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return { ok: false, reason: "malformed" };
  const given = Buffer.from(parts[1], "base64url");
  const expected = mac(parts[0], k);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature" };
  let parsed;
  try {
    parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (!parsed.success) return { ok: false, reason: "malformed" };
  if (parsed.data.exp <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: parsed.data };
}
