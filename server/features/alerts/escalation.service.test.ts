import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPending } from "@/server/features/approvals/approvals.service";
import { createSandboxSlack } from "@/server/integrations/slack/slack.sandbox";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { alertHotLead, escalateWaitingReviews } from "./escalation.service";

let t: TestDb;
const slack = createSandboxSlack();
const H = 3_600_000;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

describe("review alerts", () => {
  it("a HOT draft in the inbox alerts once; a draft already handled does not; the inbox shows it as alerted", async () => {
    const [hot, handled] = await seedDrafts(t.db, [{ email: "a@x.test", status: "PENDING_REVIEW", score: 85 }, { email: "b@x.test", status: "APPROVED", score: 90 }], "hot");
    expect(await alertHotLead(t.db, hot, { slack })).toMatchObject({ alerted: true });
    expect(await alertHotLead(t.db, hot, { slack })).toMatchObject({ alerted: false, reason: "already alerted" });
    expect(await alertHotLead(t.db, handled, { slack })).toMatchObject({ alerted: false, reason: "draft is APPROVED" });
    const alert = await t.db.alert.findUniqueOrThrow({ where: { dedupeKey: `hot:${hot}` } });
    expect(alert).toMatchObject({ kind: "HOT_LEAD", status: "SANDBOX", link: `/inbox/${hot}` });
    expect(alert.text).not.toMatch(/@/); // no e-mail addresses in alerts
    const inbox = await listPending(t.db, { limit: 50 });
    expect(inbox.items.find((i) => i.id === hot)?.alertedAt).toBe(alert.deliveredAt!.toISOString());
  });

  it("escalates drafts with no action for 2 h, once each; fresh, recently reviewed and still-snoozed drafts wait", async () => {
    const now = new Date("2026-11-24T15:00:00Z");
    const ids = await seedDrafts(t.db, [
      { email: "old@x.test", status: "PENDING_REVIEW" },
      { email: "fresh@x.test", status: "PENDING_REVIEW" },
      { email: "acted@x.test", status: "PENDING_REVIEW" },
      { email: "snoozed@x.test", status: "SNOOZED" },
    ], "esc");
    const [old, fresh, acted, snoozed] = ids;
    await t.db.draft.update({ where: { id: old }, data: { decidedAt: new Date(now.getTime() - 3 * H) } });
    await t.db.draft.update({ where: { id: fresh }, data: { decidedAt: new Date(now.getTime() - H) } });
    await t.db.draft.update({ where: { id: acted }, data: { decidedAt: new Date(now.getTime() - 5 * H) } });
    await t.db.draft.update({ where: { id: snoozed }, data: { decidedAt: new Date(now.getTime() - 5 * H), snoozedUntil: new Date(now.getTime() + H) } });
    const reviewer = await createUser(t.db, "APPROVER");
    await t.db.review.create({ data: { draftId: acted, reviewerId: reviewer.id, decision: "SNOOZE", createdAt: new Date(now.getTime() - 30 * 60_000) } });

    const first = await escalateWaitingReviews(t.db, { slack, now });
    const second = await escalateWaitingReviews(t.db, { slack, now: new Date(now.getTime() + 5 * 60_000) });
    const escalated = await t.db.alert.findMany({ where: { kind: "REVIEW_WAITING" }, select: { subjectId: true } });
    expect(escalated.map((a) => a.subjectId).filter((id) => ids.includes(id!))).toEqual([old]);
    expect(first.raised).toBeGreaterThanOrEqual(1);
    expect(second.raised).toBe(0);
    const draft = await t.db.draft.findUniqueOrThrow({ where: { id: old }, select: { escalatedAt: true } });
    expect(draft.escalatedAt?.toISOString()).toBe(now.toISOString());
  });
});
