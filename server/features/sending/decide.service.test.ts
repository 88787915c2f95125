import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { set, setKillSwitch } from "@/server/features/settings/settings.service";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { decideDraft, releaseDelayed } from "./decide.service";

let t: TestDb;
const NOW = new Date("2026-11-24T15:00:00Z");
const draft = (id: string) => t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, recommendation: true, recommendationReason: true, sendAfter: true } });

beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t.cleanup(); });

describe("decideDraft (autonomy in the database)", () => {
  it("parallel: everything to review, recommendation recorded; HOT is flagged for the alert", async () => {
    await set(t.db, "phase", "parallel", null);
    const [low, hot] = await seedDrafts(t.db, [{ email: "a@x.test", score: 10, status: "DRAFTED" }, { email: "b@x.test", score: 85, status: "DRAFTED" }], "par");
    expect(await decideDraft(t.db, low, { now: NOW })).toMatchObject({ kind: "REVIEW", hot: false });
    expect(await decideDraft(t.db, hot, { now: NOW })).toMatchObject({ kind: "REVIEW", hot: true, tier: "HOT" });
    expect(await draft(low)).toMatchObject({ status: "PENDING_REVIEW", recommendation: "REVIEW" });
    expect(await decideDraft(t.db, low, { now: NOW })).toMatchObject({ kind: "ALREADY_DECIDED", status: "PENDING_REVIEW" });
  });

  it("assisted: LOW auto-approved up to 10 a day, then review", async () => {
    await set(t.db, "phase", "assisted", null);
    const ids = await seedDrafts(t.db, Array.from({ length: 12 }, (_, i) => ({ email: `l${i}@y.test`, score: 15, status: "DRAFTED" })), "asst");
    const kinds = [];
    for (const id of ids) kinds.push((await decideDraft(t.db, id, { now: NOW })).kind);
    expect(kinds.filter((k) => k === "AUTO_SEND")).toHaveLength(10);
    expect(kinds.slice(10)).toEqual(["REVIEW", "REVIEW"]);
    expect(await draft(ids[0])).toMatchObject({ status: "APPROVED", recommendation: "AUTO_SEND" });
    expect((await draft(ids[11])).recommendationReason).toMatch(/cap/);
  });

  it("full: MEDIUM without warm waits 1 h in the inbox, then is released unless a person acted", async () => {
    await set(t.db, "phase", "full", null);
    const [m, m2, warm] = await seedDrafts(t.db, [
      { email: "m@z.test", score: 55, status: "DRAFTED" }, { email: "m2@z.test", score: 55, status: "DRAFTED" }, { email: "w@z.test", score: 55, warm: true, status: "DRAFTED" },
    ], "full");
    expect(await decideDraft(t.db, m, { now: NOW })).toMatchObject({ kind: "AUTO_SEND_DELAYED", delayMs: 3_600_000 });
    await decideDraft(t.db, m2, { now: NOW });
    expect(await decideDraft(t.db, warm, { now: NOW })).toMatchObject({ kind: "REVIEW" });
    expect(await draft(m)).toMatchObject({ status: "PENDING_REVIEW", recommendation: "AUTO_SEND_DELAYED", sendAfter: new Date(NOW.getTime() + 3_600_000) });
    expect(await releaseDelayed(t.db, m, { now: new Date(NOW.getTime() + 60_000) })).toMatchObject({ released: false });
    await t.db.draft.update({ where: { id: m2 }, data: { status: "REJECTED" } }); // Dani stepped in
    const later = new Date(NOW.getTime() + 3_600_001);
    expect(await releaseDelayed(t.db, m, { now: later })).toEqual({ released: true, status: "APPROVED" });
    expect(await releaseDelayed(t.db, m2, { now: later })).toEqual({ released: false, status: "REJECTED" });
  });

  it("a delayed auto-send whose phase moved down during the delay is not released: it waits for a person, saying why", async () => {
    await set(t.db, "phase", "full", null);
    const [m] = await seedDrafts(t.db, [{ email: "m@down.test", score: 55, status: "DRAFTED" }], "down");
    expect(await decideDraft(t.db, m, { now: NOW })).toMatchObject({ kind: "AUTO_SEND_DELAYED" });
    await set(t.db, "phase", "parallel", null);
    expect(await releaseDelayed(t.db, m, { now: new Date(NOW.getTime() + 3_600_001) })).toEqual({ released: false, status: "PENDING_REVIEW" });
    expect(await draft(m)).toMatchObject({ status: "PENDING_REVIEW", recommendation: "REVIEW", recommendationReason: expect.stringContaining("parallel phase"), sendAfter: null });
    expect(await t.db.auditLog.count({ where: { subjectId: m, action: "draft.auto_release_revoked" } })).toBe(1);
  });

  it("REQUIRE_MANUAL_APPROVAL queues everything; quality failures and missing recipients drop with a reason", async () => {
    await set(t.db, "phase", "full", null);
    await setKillSwitch(t.db, { id: "a", name: "A" }, "REQUIRE_MANUAL_APPROVAL", true);
    const [low, bad, none] = await seedDrafts(t.db, [
      { email: "q@w.test", score: 5, status: "DRAFTED" }, { email: "r@w.test", score: 5, status: "DRAFTED", qualityOk: false }, { email: null, score: 5, status: "DRAFTED" },
    ], "rma");
    expect(await decideDraft(t.db, low, { now: NOW })).toMatchObject({ kind: "REVIEW", reason: expect.stringContaining("REQUIRE_MANUAL_APPROVAL") });
    await setKillSwitch(t.db, { id: "a", name: "A" }, "REQUIRE_MANUAL_APPROVAL", false);
    expect(await decideDraft(t.db, bad, { now: NOW })).toMatchObject({ kind: "DROP", reason: "quality checks failed" });
    expect(await decideDraft(t.db, none, { now: NOW })).toMatchObject({ kind: "DROP" });
    expect(await draft(bad)).toMatchObject({ status: "DROPPED", recommendation: "DROP" });
  });
});
