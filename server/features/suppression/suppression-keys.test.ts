import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { unsubscribeToken } from "@/server/features/drafting/compose-email";
import { seedMeetingLead } from "@/server/testing/meeting-fixtures";
import { seedDrafts } from "@/server/testing/send-fixtures";
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
    expect((await fingerprintRow(t))?.value).toBe(keyFingerprint());
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
    expect((err as Error).message).toMatch(/Start with the previous NEXTAUTH_SECRET/);
    expect((err as Error).message).not.toContain(OLD);
    useSecrets(OLD);
    expect((await fingerprintRow(t))?.value).toBe(keyFingerprint());
  });

  it("refuses a changed key once an e-mail was sent (its unsubscribe link would break)", async () => {
    useSecrets(OLD);
    await checkSuppressionKey(t.db);
    await seedMeetingLead(t.db, "sentlead");
    useSecrets(NEW);
    await expect(checkSuppressionKey(t.db)).rejects.toThrow(/unsubscribe links in 1 sent e-mail would stop working/);
  });

  it("refuses a changed key while drafts stamped with the old one wait", async () => {
    useSecrets(OLD);
    await checkSuppressionKey(t.db);
    await seedDrafts(t.db, [{ email: "waiting@example.com", status: "PENDING_REVIEW" }], "stamped");
    useSecrets(NEW);
    await expect(checkSuppressionKey(t.db)).rejects.toThrow(/1 waiting draft would read as written for another address/);
  });

  it("takes the new key on a database with nothing it would break", async () => {
    useSecrets(OLD);
    await checkSuppressionKey(t.db);
    useSecrets(NEW);
    expect(await checkSuppressionKey(t.db)).toBe("recorded anew");
    expect((await fingerprintRow(t))?.value).toBe(keyFingerprint());
  });
});

describe("the keys are the ones existing databases were written with", () => {
  it("unset SUPPRESSION_HASH_KEY: one labelled key each from NEXTAUTH_SECRET; set: that key for both", () => {
    useSecrets(OLD);
    expect({ s: suppressionKey(), u: unsubscribeKey() }).toEqual({ s: `suppression:${OLD}`, u: `unsubscribe:${OLD}` });
    expect(emailHash("a@example.com")).toBe(createHmac("sha256", `suppression:${OLD}`).update("a@example.com").digest("hex"));
    expect(unsubscribeToken("visitor-1")).toBe(createHmac("sha256", `unsubscribe:${OLD}`).update("unsubscribe:visitor-1").digest("base64url"));
    useSecrets(NEW, "configured-hash-key-configured-hash-key");
    expect({ s: suppressionKey(), u: unsubscribeKey() }).toEqual({ s: "configured-hash-key-configured-hash-key", u: "configured-hash-key-configured-hash-key" });
    // Rotating NEXTAUTH_SECRET does not touch a configured key.
    const fp = keyFingerprint();
    useSecrets(OLD, "configured-hash-key-configured-hash-key");
    expect(keyFingerprint()).toBe(fp);
  });
});
