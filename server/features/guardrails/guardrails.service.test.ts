import { openSyncConnection } from "@/server/db/sync-connection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verify } from "@/server/features/audit/audit.service";
import { recordFailure } from "@/server/features/breakers/breakers.service";
import { setKillSwitch } from "@/server/features/settings/settings.service";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { authorize } from "./guardrails.service";

let t: TestDb;
const NOW = new Date("2026-11-24T12:00:00Z");
const ev = (minutesAgo: number) => [{ source: "database", dataId: "d1", verifiedAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString() }];
const release = { kind: "GATEKEEPER_RELEASE" as const, by: "GATEKEEPER", subjectId: "d1" };
const send = { agent: "OPERATOR", action: "email.send", subjectType: "draft", subjectId: "d1", input: { draftId: "d1" }, approval: release };

beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t.cleanup(); });

describe("unified guardrail service", () => {
  it("allows a grounded, released send and audits the ALLOW with its evidence", async () => {
    const v = await authorize(t.db, { ...send, evidence: ev(5) }, { now: NOW });
    expect(v.allowed).toBe(true);
    const row = await t.db.auditLog.findFirstOrThrow({ where: { action: "guard:email.send", decision: "ALLOW" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(row.evidence).evidence[0]).toMatchObject({ source: "database", dataId: "d1" });
  });

  it("denies (and audits) CRAFTER sending, HIGH without evidence, stale evidence, bulk delete and export-all", async () => {
    const before = await t.db.auditLog.count({ where: { decision: "DENY" } });
    const cases = [
      { ...send, agent: "CRAFTER", evidence: ev(1) },
      { ...send, evidence: [] },
      { ...send, evidence: ev(61) },
      { agent: "QUEEN", action: "contacts.bulkDelete", input: {}, evidence: ev(1), approval: { kind: "HUMAN" as const, userId: "u" } },
      { agent: "QUEEN", action: "contacts.exportAll", input: {}, evidence: ev(1), approval: { kind: "HUMAN" as const, userId: "u" } },
    ];
    for (const c of cases) expect((await authorize(t.db, c, { now: NOW })).allowed).toBe(false);
    const denials = await t.db.auditLog.findMany({ where: { decision: "DENY" }, orderBy: { seq: "asc" }, skip: before });
    expect(denials.map((d) => [d.agent, d.action])).toEqual([
      ["CRAFTER", "guard:email.send"], ["OPERATOR", "guard:email.send"], ["OPERATOR", "guard:email.send"],
      ["QUEEN", "guard:contacts.bulkDelete"], ["QUEEN", "guard:contacts.exportAll"],
    ]);
    expect(denials[2].reason).toMatch(/61 min old/);
  });

  it("CRITICAL actions need the weighted quorum, else escalate; a voter that throws votes no", async () => {
    const base = { agent: "PIPER", action: "contacts.bulkUpdate", input: { contactIds: ["a", "b"] }, evidence: ev(1) };
    const yes = await authorize(t.db, base, { now: NOW, voters: [{ name: "a", weight: 2, run: () => true }, { name: "b", weight: 1, run: () => false }] });
    expect(yes.allowed).toBe(true);
    const no = await authorize(t.db, base, { now: NOW, voters: [{ name: "a", weight: 1, run: () => true }, { name: "b", weight: 1, run: () => { throw new Error("boom"); } }] });
    expect(no).toMatchObject({ allowed: false, escalate: true });
    expect((await authorize(t.db, base, { now: NOW })).allowed).toBe(false);
  });

  it("kill switches and an open breaker deny", async () => {
    await setKillSwitch(t.db, { id: "a", name: "A" }, "PAUSE_ALL_SENDS", true);
    expect(await authorize(t.db, { ...send, evidence: ev(1) }, { now: NOW })).toMatchObject({ allowed: false, reason: "PAUSE_ALL_SENDS is on" });
    await setKillSwitch(t.db, { id: "a", name: "A" }, "PAUSE_ALL_SENDS", false);
    for (let i = 0; i < 5; i++) await recordFailure(t.db, "ghl", NOW, "500");
    const v = await authorize(t.db, { ...send, evidence: ev(1) }, { now: new Date(NOW.getTime() + 1000) });
    expect(v.allowed).toBe(false);
    expect(v.checks.at(-1)?.check).toBe("breaker");
  });

  it("per-agent rate limits hold", async () => {
    const fresh = await createTestDb();
    try {
      const req = { agent: "SCHEDULER", action: "meeting.schedule", input: { visitorId: "v" } };
      const results = [];
      for (let i = 0; i < 201; i++) results.push((await authorize(fresh.db, req, { now: NOW })).allowed);
      expect(results.filter(Boolean)).toHaveLength(200);
      expect(results[200]).toBe(false);
    } finally {
      await fresh.cleanup();
    }
  });

  it("a check that throws denies (fail closed) and the denial is audited", async () => {
    await t.db.setting.upsert({ where: { key: "killSwitches" }, create: { key: "killSwitches", value: "{not json" }, update: { value: "{not json" } });
    const v = await authorize(t.db, { ...send, evidence: ev(1) }, { now: NOW });
    expect(v).toMatchObject({ allowed: false, reason: expect.stringMatching(/fail closed/) });
    await t.db.setting.delete({ where: { key: "killSwitches" } });
    expect(await t.db.auditLog.count({ where: { decision: "DENY", reason: { contains: "fail closed" } } })).toBeGreaterThan(0);
  });

  it("tampering with an audited decision is detected", async () => {
    expect(await verify(t.db)).toMatchObject({ ok: true });
    const row = await t.db.auditLog.findFirstOrThrow({ where: { decision: "DENY" } });
    const raw = openSyncConnection(t.file, { lockWaitMs: 5_000 });
    raw.prepare(`UPDATE "AuditLog" SET "decision" = 'ALLOW' WHERE "seq" = ?`).run(row.seq);
    raw.close();
    expect(await verify(t.db)).toMatchObject({ ok: false, brokenAtSeq: row.seq, problem: "HASH" });
  });
});
