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
 * Signed marketplace-app webhooks: GHL signs the raw body with its private key and sends the
 * base64 signature in `x-ghl-signature` (Ed25519) or, on older apps, `x-wh-signature`
 * (RSA-SHA256). Configure GHL's published public key (PEM) as GHL_WEBHOOK_PUBLIC_KEY.
 */
export const GHL_SIGNATURE_HEADERS = ["x-ghl-signature", "x-wh-signature"] as const;

let cachedKey: { pem: string; key: KeyObject } | undefined;
export function ghlWebhookPublicKey(): KeyObject | null {
  const pem = env().GHL_WEBHOOK_PUBLIC_KEY?.replace(/\\n/g, "\n");
  if (!pem) return null;
  if (cachedKey?.pem !== pem) cachedKey = { pem, key: createPublicKey(pem) };
  return cachedKey.key;
}

/** Verifies a base64 signature over the raw body with the key's own algorithm (Ed25519 or RSA-SHA256). */
export function verifySignature(raw: string, signature: string, key: KeyObject): boolean {
  try {
    const sig = Buffer.from(signature, "base64");
    if (sig.length === 0) return false;
    return verify(key.asymmetricKeyType === "ed25519" ? null : "sha256", Buffer.from(raw, "utf8"), key, sig);
  } catch {
    return false;
  }
}
