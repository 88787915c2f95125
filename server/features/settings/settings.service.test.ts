import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HARD_LIMITS } from "@/server/domain/phases";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { pausedDomains, setDomainPause } from "./sending-domains.service";
import { SETTINGS } from "./settings.schemas";
import { EDITABLE_KEYS, editable, get, killSwitches, setKillSwitch, update, updateMany } from "./settings.service";

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
    ["sendTimeOptimisation", { enabled: true, maxDelayHours: 73 }, /maxDelayHours/],
    ["sendTimeOptimisation", { enabled: "yes", maxDelayHours: 24 }, /enabled/],
    ["callPrepDryRun", "off", /callPrepDryRun/],
    ["callPrepFields", { brief: "contact.a", talkingPoints: "contact.b", score: "contact.c", link: "" }, /link must be a GHL contact field key/],
    ["callPrepFields", { brief: "Call Prep", talkingPoints: "contact.b", score: "contact.c", link: "contact.d" }, /brief must be a GHL contact field key/],
    ["callPrepFields", { brief: "contact.a", talkingPoints: "contact.a", score: "contact.c", link: "contact.d" }, /own GHL field/],
    ["enrichmentBackfill", { batchSize: 0, maxAttempts: 5 }, /batchSize/],
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

  it("every registry key is editable on the Settings page or has its own audited path there", () => {
    const own = Object.keys(SETTINGS).filter((k) => !(EDITABLE_KEYS as readonly string[]).includes(k)).sort();
    // phase: the Phases page (gates); killSwitches: setKillSwitch; pausedSendingDomains: setDomainPause.
    expect(own).toEqual(["killSwitches", "pausedSendingDomains", "phase"]);
  });

  it("send-time optimisation and call-prep settings are editable, audited, and read back", async () => {
    const a = await createUser(t.db, "ADMIN");
    await update(t.db, a, "sendTimeOptimisation", { enabled: false, maxDelayHours: 6 });
    const fields = { brief: "contact.prep_brief", talkingPoints: "contact.prep_points", score: "contact.prep_score", link: "contact.prep_link" };
    await updateMany(t.db, a, [{ key: "callPrepDryRun", value: false }, { key: "callPrepFields", value: fields }]);
    const v = (await editable(t.db)).values;
    expect(v).toMatchObject({ sendTimeOptimisation: { enabled: false, maxDelayHours: 6 }, callPrepDryRun: false, callPrepFields: fields });
    const audit = await t.db.auditLog.findMany({ where: { action: "setting.update", subjectId: { in: ["sendTimeOptimisation", "callPrepDryRun", "callPrepFields"] } }, orderBy: { seq: "asc" }, select: { subjectId: true, riskLevel: true, evidence: true, actorId: true } });
    expect(audit.map((e) => [e.subjectId, e.riskLevel, e.actorId])).toEqual([["sendTimeOptimisation", "MEDIUM", a.id], ["callPrepDryRun", "HIGH", a.id], ["callPrepFields", "MEDIUM", a.id]]);
    expect(JSON.parse(audit[0]!.evidence)).toEqual({ before: SETTINGS.sendTimeOptimisation.default, after: { enabled: false, maxDelayHours: 6 } });
    expect(JSON.parse(audit[1]!.evidence)).toEqual({ before: true, after: false });
  });

  it("updateMany writes nothing when one entry is invalid, and names every problem", async () => {
    const a = await createUser(t.db, "APPROVER");
    const before = await Promise.all([get(t.db, "callPrepDryRun"), get(t.db, "callPrepFields"), get(t.db, "sendTimeOptimisation")]);
    const audits = await t.db.auditLog.count();
    await expect(updateMany(t.db, a, [
      { key: "callPrepDryRun", value: !before[0] },
      { key: "callPrepFields", value: { ...before[1], link: "not a key" } },
      { key: "sendTimeOptimisation", value: { enabled: true, maxDelayHours: 0 } },
    ])).rejects.toThrow(/callPrepFields: link .*sendTimeOptimisation: maxDelayHours/);
    await expect(updateMany(t.db, a, [{ key: "callPrepDryRun", value: true }, { key: "callPrepDryRun", value: false }])).rejects.toThrow(/once/);
    expect(await Promise.all([get(t.db, "callPrepDryRun"), get(t.db, "callPrepFields"), get(t.db, "sendTimeOptimisation")])).toEqual(before);
    expect(await t.db.auditLog.count()).toBe(audits);
  });

  it("a stored value that no longer validates can be replaced from Settings", async () => {
    const a = await createUser(t.db, "APPROVER");
    await t.db.setting.upsert({ where: { key: "enrichmentBackfill" }, create: { key: "enrichmentBackfill", value: "{\"batchSize\":0}" }, update: { value: "{\"batchSize\":0}" } });
    await expect(get(t.db, "enrichmentBackfill")).rejects.toThrow(/invalid value/);
    await update(t.db, a, "enrichmentBackfill", { batchSize: 10, maxAttempts: 3 });
    expect(await get(t.db, "enrichmentBackfill")).toEqual({ batchSize: 10, maxAttempts: 3 });
  });

  it("an approver pauses and resumes a sending domain (audited) without undoing a monitor's pause of another", async () => {
    const a = await createUser(t.db, "APPROVER");
    await expect(setDomainPause(t.db, a, { domain: "not a domain", paused: true })).rejects.toThrow(/Invalid sending domain/);
    const paused = await setDomainPause(t.db, a, { domain: " Mail.Example.COM ", paused: true, reason: "warming up" });
    expect(paused).toMatchObject({ changed: true, domains: [{ domain: "mail.example.com", reason: "warming up", by: a.name }] });
    expect(await setDomainPause(t.db, a, { domain: "mail.example.com", paused: true })).toMatchObject({ changed: false });
    // The sending-domain monitor pauses another domain meanwhile (its own transaction writes the map).
    const map = SETTINGS.pausedSendingDomains.schema.parse(JSON.parse((await t.db.setting.findUniqueOrThrow({ where: { key: "pausedSendingDomains" } })).value));
    map["news.example.com"] = { reason: "1 spam complaint in 24 h", at: new Date().toISOString(), by: "monitor:sending-domain" };
    await t.db.setting.update({ where: { key: "pausedSendingDomains" }, data: { value: JSON.stringify(map) } });
    expect(await setDomainPause(t.db, a, { domain: "mail.example.com", paused: false })).toMatchObject({ changed: true, domains: [{ domain: "news.example.com" }] });
    expect((await pausedDomains(t.db)).map((d) => d.domain)).toEqual(["news.example.com"]);
    const audit = await t.db.auditLog.findMany({ where: { action: { in: ["sendingDomain.pause", "sendingDomain.resume"] } }, orderBy: { seq: "asc" }, select: { action: true, actorId: true, evidence: true } });
    expect(audit.map((e) => [e.action, e.actorId, (JSON.parse(e.evidence) as { domain: string }).domain])).toEqual([["sendingDomain.pause", a.id, "mail.example.com"], ["sendingDomain.resume", a.id, "mail.example.com"]]);
  });
});
