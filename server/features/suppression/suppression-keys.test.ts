import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { unsubscribeToken } from "@/server/features/drafting/compose-email";
import { seedMeetingLead } from "@/server/testing/meeting-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { checkSuppressionKey, keyFingerprint, SuppressionKeyChangedError, suppressionKey, unsubscribeKey } from "./suppression-keys";
import { emailHash, suppress } from "./suppression.service";

const original = { secret: process.env.NEXTAUTH_SECRET, key: process.env.SUPPRESSION_HASH_KEY };
function useSecrets(nextAuthSecret: string, suppressionHashKey?: string) {
  process.env.NEXTAUTH_SECRET = nextAuthSecret;
  if (suppressionHashKey === undefined) delete process.env.SUPPRESSION_HASH_KEY;
  else process.env.SUPPRESSION_HASH_KEY = suppressionHashKey;
  resetEnvForTests();
}
afterAll(() => {
  process.env.NEXTAUTH_SECRET = original.secret;
  if (original.key === undefined) delete process.env.SUPPRESSION_HASH_KEY;
  else process.env.SUPPRESSION_HASH_KEY = original.key;
  resetEnvForTests();
});

const OLD = "old-secret-old-secret-old-secret-0123";
const NEW = "new-secret-new-secret-new-secret-0123";
const fingerprintRow = (t: TestDb) => t.db.setting.findUnique({ where: { key: "suppressionKeyFingerprint" }, select: { value: true } });

describe("the suppression key is checked at start-up", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.cleanup());

  it("records the first start's key and accepts it again", async () => {
    useSecrets(OLD);
    expect(await checkSuppressionKey(t.db)).toBe("same");
    expect((await fingerprintRow(t))?.value).toBe(keyFingerprint(OLD));
    expect(await checkSuppressionKey(t.db)).toBe("same");
  });

  it("refuses a changed key while a suppression exists, and writes nothing", async () => {
    useSecrets(OLD);
    await checkSuppressionKey(t.db);
    await suppress(t.db, "gone@example.com", "unsubscribed", "test");
    useSecrets(NEW);
    const err = await checkSuppressionKey(t.db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuppressionKeyChangedError);
    expect((err as Error).message).toMatch(/1 suppressed address would no longer be recognised/);
    expect((err as Error).message).toMatch(/SUPPRESSION_HASH_KEY to the old NEXTAUTH_SECRET/);
    expect((err as Error).message).not.toContain(OLD);
    expect((await fingerprintRow(t))?.value).toBe(keyFingerprint(OLD));
  });

  it("refuses a changed key once an e-mail was sent (its unsubscribe link would break)", async () => {
    useSecrets(OLD);
    await checkSuppressionKey(t.db);
    await seedMeetingLead(t.db, "sentlead");
    useSecrets(NEW);
    await expect(checkSuppressionKey(t.db)).rejects.toThrow(/unsubscribe links in 1 sent e-mail would stop working/);
  });

  it("takes the new key on a database with nothing it would break", async () => {
    useSecrets(OLD);
    await checkSuppressionKey(t.db);
    useSecrets(NEW);
    expect(await checkSuppressionKey(t.db)).toBe("recorded anew");
    expect((await fingerprintRow(t))?.value).toBe(keyFingerprint(NEW));
  });
});

describe("rotating NEXTAUTH_SECRET with SUPPRESSION_HASH_KEY set to the old one", () => {
  it("keeps every suppression hash, unsubscribe token and the fingerprint", () => {
    useSecrets(OLD);
    const before = { hash: emailHash("a@example.com"), token: unsubscribeToken("visitor-1"), fp: keyFingerprint(), s: suppressionKey(), u: unsubscribeKey() };
    useSecrets(NEW, OLD);
    expect({ hash: emailHash("a@example.com"), token: unsubscribeToken("visitor-1"), fp: keyFingerprint(), s: suppressionKey(), u: unsubscribeKey() }).toEqual(before);
    expect(before.s).not.toBe(before.u); // one label each: a suppression hash is never an unsubscribe token
  });
});
