import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGhlClient } from "@/server/integrations/ghl";
import { startFakeGhl, type FakeGhl } from "@/server/testing/fake-ghl";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { sendDraft } from "./sending.service";

let t: TestDb;
let ghl: FakeGhl;
const T0 = Date.parse("2026-11-24T15:00:00Z");
let clock = T0;
const deps = () => ({ ghl: createGhlClient({ baseUrl: ghl.url, token: ghl.token, locationId: "loc_test", timeoutMs: 2_000 }), now: () => new Date(clock) });
const totalCalls = () => ghl.calls.upsert + ghl.calls.message;

beforeAll(async () => {
  t = await createTestDb();
  ghl = await startFakeGhl();
  await openWindow(t.db);
});
afterAll(async () => {
  await ghl.close();
  await t.cleanup();
});

describe("GHL breaker on the send path (fake clock)", () => {
  it("opens after 5 failures with an alert record, makes zero GHL calls while open, recovers through one half-open trial", async () => {
    const ids = await seedDrafts(t.db, Array.from({ length: 12 }, (_, i) => ({ email: `b${i}@br${i}.test` })), "brk");
    // Upserts fail with 500 (nothing delivered): 5 failures open the breaker.
    ghl.setPlan(() => "500");
    for (let i = 0; i < 5; i++) {
      clock += 31_000;
      expect(await sendDraft(t.db, deps(), ids[i])).toMatchObject({ kind: "DEFERRED", check: "provider" });
    }
    expect(await t.db.circuitBreaker.findUnique({ where: { service: "ghl" }, select: { state: true } })).toEqual({ state: "OPEN" });
    expect(await t.db.auditLog.count({ where: { action: "alert.breaker_open" } })).toBe(1);

    // While open: zero calls, nothing claimed, drafts stay approved.
    ghl.setPlan(() => "ok");
    const before = totalCalls();
    for (let i = 0; i < 5; i++) {
      clock += 31_000;
      expect(await sendDraft(t.db, deps(), ids[i])).toMatchObject({ kind: "DEFERRED", check: "guard:breaker" });
    }
    expect(totalCalls()).toBe(before);
    expect(await t.db.send.count({ where: { status: { in: ["CLAIMED", "SENT"] } } })).toBe(0);

    // After 5 minutes: exactly one trial; it fails -> open again, still no other call.
    clock = T0 + 5 * 31_000 + 300_000 + 1_000;
    ghl.setPlan(() => "500");
    expect(await sendDraft(t.db, deps(), ids[5])).toMatchObject({ kind: "DEFERRED", check: "provider" });
    expect(await t.db.circuitBreaker.findUnique({ where: { service: "ghl" }, select: { state: true } })).toEqual({ state: "OPEN" });
    const afterTrial = totalCalls();
    clock += 60_000;
    expect(await sendDraft(t.db, deps(), ids[6])).toMatchObject({ kind: "DEFERRED", check: "guard:breaker" });
    expect(totalCalls()).toBe(afterTrial);

    // Next half-open trial succeeds -> closed; sends flow again.
    clock += 300_000;
    ghl.setPlan(() => "ok");
    expect(await sendDraft(t.db, deps(), ids[7])).toMatchObject({ kind: "SENT" });
    expect(await t.db.circuitBreaker.findUnique({ where: { service: "ghl" }, select: { state: true } })).toEqual({ state: "CLOSED" });
    clock += 31_000;
    expect(await sendDraft(t.db, deps(), ids[0])).toMatchObject({ kind: "SENT" });
  });
});
