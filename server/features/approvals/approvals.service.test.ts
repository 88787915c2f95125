import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorker } from "@/server/testing/processes";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { decide } from "./approvals.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
});
afterAll(() => t.cleanup());

async function pendingDrafts(n: number, status = "PENDING_REVIEW") {
  const tpl = await t.db.template.findFirstOrThrow({ select: { versions: { select: { id: true } }, variants: { select: { id: true } } } });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = await t.db.visitor.create({
      data: { identityKey: `k-${status}-${Date.now()}-${i}-${Math.random()}`, firstSeenAt: new Date(), lastSeenAt: new Date() },
      select: { id: true },
    });
    const d = await t.db.draft.create({
      data: {
        visitorId: v.id, templateVersionId: tpl.versions[0].id, subjectVariantId: tpl.variants[0].id, subject: "s", body: "b",
        score: 50, tier: "MEDIUM", fingerprint: `fp${i}`, status, recommendation: "AUTO_SEND",
      },
      select: { id: true },
    });
    ids.push(d.id);
  }
  return ids;
}

describe("approval decisions", () => {
  it("two approvers in two processes approving the same 25 drafts at once: each draft is approved exactly once", async () => {
    const [a, b] = [await createUser(t.db, "APPROVER"), await createUser(t.db, "APPROVER")];
    const ids = await pendingDrafts(25);
    const results = await Promise.all([a, b].map((u) => runWorker("server/testing/workers/approve-all.ts", [u.id, ...ids], { DATABASE_URL: t.url })));
    const [ra, rb] = results.map((r) => JSON.parse(r) as { won: number; conflicts: number });
    expect(ra.won + rb.won).toBe(25);
    expect(ra.conflicts + rb.conflicts).toBe(25);
    expect(await t.db.review.count({ where: { draftId: { in: ids } } })).toBe(25);
    expect(await t.db.draft.count({ where: { id: { in: ids }, status: "APPROVED" } })).toBe(25);
  }, 120_000);

  it.each(["SENT", "REJECTED", "DROPPED"])("a %s draft stays terminal", async (status) => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await pendingDrafts(1, status);
    await expect(decide(t.db, u, { draftId: id, version: 0 }, { kind: "APPROVE" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe(status);
  });

  it("a rejection is remembered per lead and audited, and the review keeps the system's recommendation", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await pendingDrafts(1);
    await decide(t.db, u, { draftId: id, version: 0 }, { kind: "REJECT", reasonTag: "OFF_TONE", note: "too pushy" });
    const memory = await t.db.rejectionMemory.findFirst({ where: { draftId: id }, select: { fingerprint: true } });
    expect(memory?.fingerprint).toBe("fp0");
    const review = await t.db.review.findFirstOrThrow({ where: { draftId: id }, select: { systemRecommendation: true, reasonTag: true } });
    expect(review).toEqual({ systemRecommendation: "AUTO_SEND", reasonTag: "OFF_TONE" });
    expect(await t.db.auditLog.count({ where: { action: "draft.reject", subjectId: id } })).toBe(1);
  });

  it("a stale version is refused", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await pendingDrafts(1);
    await expect(decide(t.db, u, { draftId: id, version: 7 }, { kind: "APPROVE" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
