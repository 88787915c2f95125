import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { env } from "@/server/env";
import { DEV_GHL_WEBHOOK_SECRET } from "./outcomes.schemas";

/**
 * The shared secret GHL must send in the `x-ghl-webhook-secret` header (set it as a custom header
 * on the GHL workflow webhook action). Unset outside production: the documented development
 * default; unset in production: null (the endpoint answers 503 unless a public key is configured).
 */
export function ghlWebhookSecret(): string | null {
  const e = env();
  if (e.GHL_WEBHOOK_SECRET) return e.GHL_WEBHOOK_SECRET;
  return e.NODE_ENV === "production" ? null : DEV_GHL_WEBHOOK_SECRET;
}

/**
 * Signed marketplace-app webhooks (checked against GHL's Webhook Integration Guide and the
 * official Node SDK's webhook manager, v2.3+): GHL signs the request body with its private key and
 * sends a base64 signature in one of two headers, each with its OWN published public key:
 *   - `x-ghl-signature`: Ed25519 (the current scheme; GHL_WEBHOOK_ED25519_PUBLIC_KEY);
 *   - `x-wh-signature`: RSA PKCS#1 v1.5 over SHA-256 (legacy, announced to be retired on
 *     2026-07-01; GHL_WEBHOOK_PUBLIC_KEY, the 4096-bit RSA key printed in the guide).
 * During the transition GHL may send both. Order, as in the SDK: when `x-ghl-signature` is present
 * and an Ed25519 key is configured it decides alone (a failure does not fall back to the legacy
 * header); otherwise `x-wh-signature` with the RSA key. We verify the raw body as received, never
 * a re-serialised parse.
 */
export const GHL_ED25519_HEADER = "x-ghl-signature";
export const GHL_RSA_HEADER = "x-wh-signature";

export class GhlKeyConfigError extends Error {
  override name = "GhlKeyConfigError";
}

const cache = new Map<string, KeyObject>();
function load(pem: string | undefined, want: "ed25519" | "rsa", variable: string): KeyObject | null {
  const text = pem?.replace(/\\n/g, "\n").trim();
  if (!text) return null;
  let key = cache.get(text);
  if (!key) {
    try {
      key = createPublicKey(text);
    } catch {
      throw new GhlKeyConfigError(`${variable} is not a PEM public key`);
    }
    cache.set(text, key);
  }
  // A key of the wrong kind would make every delivery fail verification; say which variable is wrong.
  if (key.asymmetricKeyType !== want) throw new GhlKeyConfigError(`${variable} must be an ${want === "rsa" ? "RSA" : "Ed25519"} public key (it is ${key.asymmetricKeyType ?? "unknown"})`);
  return key;
}

export interface GhlWebhookKeys {
  ed25519: KeyObject | null;
  rsa: KeyObject | null;
}

/** The configured verification keys (throws GhlKeyConfigError when one is malformed or of the wrong type). */
export function ghlWebhookKeys(): GhlWebhookKeys {
  const e = env();
  return {
    ed25519: load(e.GHL_WEBHOOK_ED25519_PUBLIC_KEY, "ed25519", "GHL_WEBHOOK_ED25519_PUBLIC_KEY"),
    rsa: load(e.GHL_WEBHOOK_PUBLIC_KEY, "rsa", "GHL_WEBHOOK_PUBLIC_KEY"),
  };
}

export interface SignatureToCheck {
  scheme: "ed25519" | "rsa-sha256";
  signature: string;
  key: KeyObject;
}

/** Which signature of a request to verify, or null when none can be (no header with a configured key). */
export function pickSignature(headers: Headers, keys: GhlWebhookKeys): SignatureToCheck | null {
  const ed = headers.get(GHL_ED25519_HEADER);
  if (ed !== null && keys.ed25519) return { scheme: "ed25519", signature: ed, key: keys.ed25519 };
  const wh = headers.get(GHL_RSA_HEADER);
  if (wh !== null && keys.rsa) return { scheme: "rsa-sha256", signature: wh, key: keys.rsa };
  return null;
}

/** Verifies a base64 signature over the raw body bytes. Any malformed input is simply "not valid". */
export function verifySignature(raw: string | Buffer, check: SignatureToCheck): boolean {
  try {
    const sig = Buffer.from(check.signature.trim(), "base64");
    // Ed25519 signatures are exactly 64 bytes; RSA ones are as long as the modulus.
    if (sig.length === 0 || (check.scheme === "ed25519" && sig.length !== 64)) return false;
    const data = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
    return verify(check.scheme === "ed25519" ? null : "sha256", data, check.key, sig);
  } catch {
    return false;
  }
}
