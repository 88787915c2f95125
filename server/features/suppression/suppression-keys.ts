import { createHmac } from "node:crypto";
import type { Db } from "@/server/db/client";
import { LIVE } from "@/server/domain/draft-status";
import { env } from "@/server/env";

/**
 * The keys of the suppression list's hashes and of the unsubscribe links' tokens: SUPPRESSION_HASH_KEY
 * when set, else one labelled key each derived from NEXTAUTH_SECRET. These are exactly the keys every
 * existing database was written with: changing the derivation would itself un-suppress everyone.
 */
export function suppressionKey(): string {
  const e = env();
  return e.SUPPRESSION_HASH_KEY ?? `suppression:${e.NEXTAUTH_SECRET}`;
}
export function unsubscribeKey(): string {
  const e = env();
  return e.SUPPRESSION_HASH_KEY ?? `unsubscribe:${e.NEXTAUTH_SECRET}`;
}

/** Tells one pair of keys from another without revealing them (a keyed hash of a fixed label). */
export function keyFingerprint(keys: { suppression: string; unsubscribe: string } = { suppression: suppressionKey(), unsubscribe: unsubscribeKey() }): string {
  return createHmac("sha256", `fingerprint:${keys.suppression}\n${keys.unsubscribe}`).update("caio-swarm suppression key").digest("hex").slice(0, 24);
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
  const [suppressions, sends, drafts] = await Promise.all([
    db.suppression.count(),
    db.send.count({ where: { status: "SENT" } }),
    // Drafts are stamped with the hash of their address: under another key every one would read as "the address changed".
    db.draft.count({ where: { recipientHash: { not: null }, status: { in: [...LIVE] } } }),
  ]);
  if (suppressions === 0 && sends === 0 && drafts === 0) {
    await db.setting.update({ where: { key: CHECK_KEY }, data: { value: fingerprint, updatedBy: "system" } });
    return "recorded anew";
  }
  throw new SuppressionKeyChangedError(
    "Refusing to start: the key of the suppression list and the unsubscribe links has changed since this database was last used.\n" +
      "It is SUPPRESSION_HASH_KEY, or derived from NEXTAUTH_SECRET when SUPPRESSION_HASH_KEY is unset. Under the new key " +
      `${suppressions} suppressed address${suppressions === 1 ? "" : "es"} would no longer be recognised (they could be e-mailed again), ` +
      `the unsubscribe links in ${sends} sent e-mail${sends === 1 ? "" : "s"} would stop working, ` +
      `and ${drafts} waiting draft${drafts === 1 ? "" : "s"} would read as written for another address.\n` +
      "Start with the previous NEXTAUTH_SECRET (or SUPPRESSION_HASH_KEY) again.",
  );
}
