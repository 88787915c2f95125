import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * Request signing as the SDK verifies it (and response signing as the SDK produces it):
 * `X-Inngest-Signature: t=<unix seconds>&s=<hex HMAC-SHA256>`, keyed with the signing key minus its
 * `signkey-<env>-` prefix (the hex text itself, not its decoded bytes), over the body + timestamp.
 * Requests sign the canonical JSON of the body; the SDK signs its response body text as sent.
 */
const PREFIX = /^signkey-\w+-/;

/** Signatures older than this are refused (the SDK uses the same 5-minute window). */
export const SIGNATURE_MAX_AGE_S = 5 * 60;

function hmacHex(key: string, text: string, ts: string): string {
  return createHmac("sha256", key.replace(PREFIX, "")).update(text).update(ts).digest("hex");
}

/** Header value signing a JSON request body. */
export function signRequest(body: unknown, signingKey: string, now: number = Date.now()): string {
  const ts = Math.floor(now / 1000).toString();
  const text = typeof body === "string" ? body : (canonicalize(body) ?? "");
  return `t=${ts}&s=${hmacHex(signingKey, text, ts)}`;
}

/** Header value signing a response body text (used by tests that play the SDK's part). */
export function signText(text: string, signingKey: string, now: number = Date.now()): string {
  const ts = Math.floor(now / 1000).toString();
  return `t=${ts}&s=${hmacHex(signingKey, text, ts)}`;
}

export type Verification = { ok: true } | { ok: false; reason: string };

/** Verifies a signature header over a raw body text, in constant time. */
export function verifyText(header: string | null, text: string, signingKey: string, now: number = Date.now()): Verification {
  if (!header) return { ok: false, reason: "missing X-Inngest-Signature" };
  const params = new URLSearchParams(header);
  const t = params.get("t");
  const s = params.get("s");
  if (!t || !s || !/^\d+$/.test(t)) return { ok: false, reason: "malformed X-Inngest-Signature" };
  if (Math.abs(now / 1000 - Number(t)) > SIGNATURE_MAX_AGE_S) return { ok: false, reason: "signature expired" };
  const expected = Buffer.from(hmacHex(signingKey, text, t), "utf8");
  const given = Buffer.from(s, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}

const hashed = new Map<string, string>();

/** The SDK's hashed form of a signing key (the Bearer token of its API calls, e.g. each step checkpoint). */
export function hashSigningKey(signingKey: string): string {
  let h = hashed.get(signingKey);
  if (h === undefined) {
    const prefix = PREFIX.exec(signingKey)?.[0] ?? "";
    h = prefix + createHash("sha256").update(Buffer.from(signingKey.replace(PREFIX, ""), "hex")).digest("hex");
    if (hashed.size > 16) hashed.clear(); // a process knows one or two keys; never let it grow
    hashed.set(signingKey, h);
  }
  return h;
}

/** Constant-time comparison of two secrets of possibly different lengths (compares their hashes). */
export function secretEquals(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
