import { createHmac } from "node:crypto";
import type { Db } from "@/server/db/client";
import { env } from "@/server/env";

/**
 * The secret behind the suppression list's hashes and the unsubscribe links' tokens:
 * SUPPRESSION_HASH_KEY, or NEXTAUTH_SECRET when that is unset. Both keys are derived from it (one
 * label each), so an operator who rotates NEXTAUTH_SECRET keeps both working by setting
 * SUPPRESSION_HASH_KEY to the old NEXTAUTH_SECRET.
 */
function base(): string {
  const e = env();
  return e.SUPPRESSION_HASH_KEY ?? e.NEXTAUTH_SECRET;
}

export const suppressionKey = (): string => `suppression:${base()}`;
export const unsubscribeKey = (): string => `unsubscribe:${base()}`;

/** Tells one secret from another without revealing it (a keyed hash of a fixed label). */
export function keyFingerprint(secret = base()): string {
  return createHmac("sha256", `fingerprint:${secret}`).update("caio-swarm suppression key").digest("hex").slice(0, 24);
}

const CHECK_KEY = "suppressionKeyFingerprint";

export class SuppressionKeyChangedError extends Error {
  override name = "SuppressionKeyChangedError";
}

/**
 * Start-up (server/startup.ts): the suppression list only matches, and the unsubscribe links in sent
 * e-mails only verify, under the secret they were made with. A changed secret would let every
 * suppressed address be e-mailed again and break every unsubscribe link, silently. So the secret's
 * fingerprint is kept in the database: the first start records it; a start with another secret is
 * refused while there is anything it would break (a suppression or a sent e-mail), and on a database
 * with neither the new secret is simply recorded.
 */
export async function checkSuppressionKey(db: Db): Promise<"same" | "recorded anew"> {
  const fingerprint = keyFingerprint();
  // Create-only: the first start records its secret; a later one (or a racing second process) reads it.
  const row = await db.setting.upsert({ where: { key: CHECK_KEY }, create: { key: CHECK_KEY, value: fingerprint, updatedBy: "system" }, update: {}, select: { value: true } });
  if (row.value === fingerprint) return "same";
  const [suppressions, sends] = await Promise.all([db.suppression.count(), db.send.count({ where: { status: "SENT" } })]);
  if (suppressions === 0 && sends === 0) {
    await db.setting.update({ where: { key: CHECK_KEY }, data: { value: fingerprint, updatedBy: "system" } });
    return "recorded anew";
  }
  throw new SuppressionKeyChangedError(
    "Refusing to start: the key of the suppression list and the unsubscribe links has changed since this database was last used.\n" +
      "It is SUPPRESSION_HASH_KEY, or NEXTAUTH_SECRET when SUPPRESSION_HASH_KEY is unset. Under the new key " +
      `${suppressions} suppressed address${suppressions === 1 ? "" : "es"} would no longer be recognised (they could be e-mailed again) ` +
      `and the unsubscribe links in ${sends} sent e-mail${sends === 1 ? "" : "s"} would stop working.\n` +
      "Start with the previous value again. If NEXTAUTH_SECRET was rotated on purpose, set SUPPRESSION_HASH_KEY to the old NEXTAUTH_SECRET.",
  );
}
