import { createHmac } from "node:crypto";
import type { DbOrTx } from "@/server/db/client";
import { suppressionKey } from "./suppression-keys";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The suppression list stores only a keyed hash of each address, so it survives erasure of the
 * contact (we keep no address) and re-imports (the same address hashes the same).
 * The key is suppression-keys.ts's; start-up refuses a changed one.
 */
export function emailHash(email: string, k = suppressionKey()): string {
  return createHmac("sha256", k).update(normaliseEmail(email)).digest("hex");
}

/** Adds an address at once (idempotent). */
export async function suppress(db: DbOrTx, email: string, reason: string, source: string): Promise<void> {
  const h = emailHash(email);
  await db.suppression.upsert({ where: { emailHash: h }, create: { emailHash: h, reason, source }, update: {} });
}

export async function isSuppressed(db: DbOrTx, email: string): Promise<boolean> {
  return (await db.suppression.findUnique({ where: { emailHash: emailHash(email) }, select: { id: true } })) !== null;
}
