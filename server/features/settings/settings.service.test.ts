import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HARD_LIMITS } from "@/server/domain/phases";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { editable, get, killSwitches, setKillSwitch, update } from "./settings.service";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

describe("settings", () => {
  it("reads defaults before anything is stored", async () => {
    expect(await get(t.db, "phase")).toBe("parallel");
    expect((await editable(t.db)).values.phaseDailyLimits.parallel).toBe(25);
  });

  it("stores a valid change and audits before/after", async () => {
    const a = await createUser(t.db, "APPROVER");
    await update(t.db, a, "excludedDomains", ["competitor.example"]);
    expect(await get(t.db, "excludedDomains")).toEqual(["competitor.example"]);
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "setting.update", subjectId: "excludedDomains" }, select: { evidence: true } });
    expect(JSON.parse(entry.evidence)).toEqual({ before: [], after: ["competitor.example"] });
  });

  it("the full-phase MEDIUM delay is editable (1 h by default), and the send decision reads it", async () => {
    const a = await createUser(t.db, "APPROVER");
    expect((await editable(t.db)).values.fullMediumDelaySeconds).toBe(3600);
    await update(t.db, a, "fullMediumDelaySeconds", 1800);
    expect(await get(t.db, "fullMediumDelaySeconds")).toBe(1800);
    expect((await editable(t.db)).updated.fullMediumDelaySeconds).toMatchObject({ by: a.id });
    const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: "setting.update", subjectId: "fullMediumDelaySeconds" }, select: { evidence: true } });
    expect(JSON.parse(entry.evidence)).toEqual({ before: 3600, after: 1800 });
  });

  it.each([
    ["phaseDailyLimits", { parallel: HARD_LIMITS.daily + 1, assisted: 50, expansion: 75, full: 100 }, /phaseDailyLimits/],
    ["sendingWindow", { timeZone: "UTC", startHour: 25, endHour: 17, days: [1] }, /startHour/],
    ["emailSignature", "", /emailSignature/],
    ["fullMediumDelaySeconds", 0, /fullMediumDelaySeconds/],
    ["fullMediumDelaySeconds", 7 * 86_400 + 1, /fullMediumDelaySeconds/],
    ["pageSignals", [{ key: "Bad Key", label: "x", points: 5, patterns: ["p"] }], /key/],
  ] as const)("refuses an invalid %s and stores nothing", async (key, value, message) => {
    const a = await createUser(t.db, "APPROVER");
    const before = await get(t.db, key);
    await expect(update(t.db, a, key, value)).rejects.toThrow(message);
    expect(await get(t.db, key)).toEqual(before);
  });

  it("a kill switch forced on by the environment stays on whatever is stored", async () => {
    const a = await createUser(t.db, "APPROVER");
    await setKillSwitch(t.db, a, "PAUSE_ALL_SENDS", false);
    process.env.PAUSE_ALL_SENDS = "1";
    const { env } = await import("@/server/env");
    const e = env();
    const saved = e.PAUSE_ALL_SENDS;
    (e as { PAUSE_ALL_SENDS: boolean }).PAUSE_ALL_SENDS = true;
    try {
      expect((await killSwitches(t.db)).PAUSE_ALL_SENDS).toMatchObject({ on: true, forced: true });
    } finally {
      (e as { PAUSE_ALL_SENDS: boolean }).PAUSE_ALL_SENDS = saved;
      delete process.env.PAUSE_ALL_SENDS;
    }
    expect((await killSwitches(t.db)).PAUSE_ALL_SENDS).toMatchObject({ on: false, forced: false });
  });
});
