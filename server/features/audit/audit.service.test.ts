import { openSyncConnection } from "@/server/db/sync-connection";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorker } from "@/server/testing/processes";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { record, verify } from "./audit.service";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

describe("audit chain on a real database", () => {
  it("stays one unbroken chain when four processes append at once", async () => {
    const perWorker = 40;
    await Promise.all(["a", "b", "c", "d"].map((tag) => runWorker("server/testing/workers/audit-append.ts", [tag, String(perWorker)], { DATABASE_URL: t.url })));
    const verdict = await verify(t.db);
    expect(verdict).toMatchObject({ ok: true, checked: 4 * perWorker });
    expect(await t.db.auditLog.count()).toBe(4 * perWorker);
  }, 120_000);

  describe("tampering is detected", () => {
    // Each case tampers with a fresh copy of a small chain through raw SQL, as an attacker with file access would.
    async function freshChain() {
      const c = await createTestDb();
      for (let i = 0; i < 5; i++) await record(c.db, { actorType: "SYSTEM", action: "t", decision: i % 2 ? "DENY" : "ALLOW", evidence: { i } });
      await c.db.$disconnect();
      return c;
    }
    const cases: [string, string, string][] = [
      ["a changed decision", `UPDATE "AuditLog" SET "decision" = 'ALLOW' WHERE "seq" = 2`, "HASH"],
      ["changed evidence", `UPDATE "AuditLog" SET "evidence" = '{}' WHERE "seq" = 3`, "HASH"],
      ["a deleted row", `DELETE FROM "AuditLog" WHERE "seq" = 3`, "GAP"],
      ["the newest row deleted", `DELETE FROM "AuditLog" WHERE "seq" = 5`, "HEAD"],
      ["two rows swapped", `UPDATE "AuditLog" SET "seq" = CASE "seq" WHEN 2 THEN 102 WHEN 3 THEN 2 END WHERE "seq" IN (2,3); UPDATE "AuditLog" SET "seq" = 3 WHERE "seq" = 102`, "PREV_HASH"],
    ];
    it.each(cases)("%s", async (_name, sql, problem) => {
      const c = await freshChain();
      // Tampering behind the app's back: a connection of its own (SQLite file or PostgreSQL database).
      const raw = openSyncConnection(c.file, { lockWaitMs: 5_000 });
      raw.exec(sql);
      raw.close();
      const { createDb } = await import("@/server/db/client");
      const db = createDb(c.url);
      const verdict = await verify(db);
      await db.$disconnect();
      expect(verdict.ok).toBe(false);
      expect(verdict).toMatchObject({ problem });
      await c.cleanup().catch(() => undefined);
    });
  });
});

describe("audit queries", () => {
  it("filters by actor, action, decision, text and time, and exports the same rows as CSV", async () => {
    const { list, exportCsv, verifyAndRecord, lastVerification } = await import("./audit.service");
    const c = await createTestDb();
    await record(c.db, { actorType: "AGENT", agent: "OPERATOR", action: "email.send", decision: "DENY", reason: "PAUSE_ALL_SENDS", subjectId: "draft-1" }, new Date("2026-11-01T10:00:00Z"));
    await record(c.db, { actorType: "AGENT", agent: "CRAFTER", action: "email.send", decision: "DENY", reason: "not permitted", subjectId: "draft-2" }, new Date("2026-11-02T10:00:00Z"));
    await record(c.db, { actorType: "USER", actorId: "u1", action: "draft.approve", decision: "INFO", subjectId: "draft-3" }, new Date("2026-11-03T10:00:00Z"));
    const seqs = async (f: object) => (await list(c.db, { limit: 50, ...f })).rows.map((r) => r.subjectId);
    expect(await seqs({ agent: "CRAFTER" })).toEqual(["draft-2"]);
    expect(await seqs({ action: "send", decision: "DENY" })).toEqual(["draft-2", "draft-1"]);
    expect(await seqs({ q: "PAUSE" })).toEqual(["draft-1"]);
    expect(await seqs({ actorType: "USER" })).toEqual(["draft-3"]);
    expect(await seqs({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-03T00:00:00.000Z" })).toEqual(["draft-2"]);
    const { csv } = await exportCsv(c.db, { action: "send" });
    expect(csv.trim().split("\n")).toHaveLength(3);
    expect(await lastVerification(c.db)).toBeNull();
    await verifyAndRecord(c.db, null);
    expect(await lastVerification(c.db)).toMatchObject({ ok: true, checked: 3 });
    await c.cleanup();
  });

  it("a person's entries carry their name; an agent's none", async () => {
    const { list } = await import("./audit.service");
    const c = await createTestDb();
    const dani = await createUser(c.db, "APPROVER");
    await record(c.db, { actorType: "USER", actorId: dani.id, action: "draft.approve", decision: "INFO", subjectType: "draft", subjectId: "d-1" });
    await record(c.db, { actorType: "AGENT", agent: "OPERATOR", action: "send.claim", decision: "ALLOW", subjectType: "draft", subjectId: "d-1" });
    const rows = (await list(c.db, { limit: 10 })).rows;
    expect(rows.map((r) => [r.action, r.actorName])).toEqual([["send.claim", null], ["draft.approve", dani.name]]);
    await c.cleanup();
  });
});
