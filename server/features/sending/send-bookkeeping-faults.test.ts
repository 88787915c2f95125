import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { acquire, recordFailure, recordSuccess } from "@/server/features/breakers/breakers.service";
import { createGhlClient } from "@/server/integrations/ghl";
import { startFakeGhl, type FakeGhl } from "@/server/testing/fake-ghl";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { sendDraft, type SendDeps } from "./sending.service";

// The breaker's own reads and writes, made to fail once where a test says so (the database busy).
vi.mock("@/server/features/breakers/breakers.service", async (original) => {
  const m = await original<typeof import("@/server/features/breakers/breakers.service")>();
  return { ...m, acquire: vi.fn(m.acquire), recordFailure: vi.fn(m.recordFailure), recordSuccess: vi.fn(m.recordSuccess) };
});

let t: TestDb;
let ghl: FakeGhl;
let clock = new Date("2026-11-24T15:00:00Z").getTime();
const deps = (): SendDeps => ({ ghl: createGhlClient({ baseUrl: ghl.url, token: ghl.token, locationId: "loc_test", emailFrom: "dani@caio.test", timeoutMs: 1_500 }), now: () => new Date(clock) });
const state = async (draftId: string) => ({
  draft: (await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { status: true } })).status,
  send: (await t.db.send.findUnique({ where: { draftId }, select: { status: true } }))?.status ?? null,
});
beforeAll(async () => {
  t = await createTestDb();
  await openWindow(t.db);
  ghl = await startFakeGhl();
});
afterAll(async () => {
  await ghl.close();
  await t.cleanup();
});

describe("a failure in the breaker's bookkeeping never strands a claimed send", () => {
  it("the breaker cannot be read after the claim: the claim is given back, and the next attempt sends once", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "a@faults.test" }], "acquire");
    vi.mocked(acquire).mockRejectedValueOnce(new Error("database is locked"));
    await expect(sendDraft(t.db, deps(), id)).rejects.toThrow("database is locked");
    expect(await state(id)).toEqual({ draft: "APPROVED", send: "RELEASED" });
    clock += 31_000;
    expect(await sendDraft(t.db, deps(), id)).toMatchObject({ kind: "SENT" });
    expect(ghl.processed.get(ghl.contactIdFor("a@faults.test"))).toBe(1);
  });

  it("GHL refuses for now (503) and the breaker's failure cannot be recorded: the claim is still given back", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "b@faults.test" }], "record");
    ghl.setPlan((k) => (k === "message" ? "503" : "ok"));
    vi.mocked(recordFailure).mockRejectedValueOnce(new Error("database is locked"));
    clock += 31_000;
    expect(await sendDraft(t.db, deps(), id)).toMatchObject({ kind: "DEFERRED", check: "provider" });
    expect(await state(id)).toEqual({ draft: "APPROVED", send: "RELEASED" });
    ghl.setPlan(() => "ok");
  });

  it("GHL accepted the e-mail and the breaker's success cannot be recorded: the send is still recorded as SENT", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "c@faults.test" }], "success");
    vi.mocked(recordSuccess).mockRejectedValueOnce(new Error("too much contention"));
    clock += 31_000;
    expect(await sendDraft(t.db, deps(), id)).toMatchObject({ kind: "SENT" });
    expect(await state(id)).toEqual({ draft: "SENT", send: "SENT" });
  });
});
