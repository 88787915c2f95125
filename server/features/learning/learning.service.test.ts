import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { candidates } from "@/server/features/drafting/select-template";
import { get } from "@/server/features/settings/settings.service";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { seedSent, type SentSpec } from "@/server/testing/learning-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import type { Actor } from "@/server/domain/roles";
import { decideIcp, proposeIcp } from "./icp.service";
import { learnerModel, rankForLead } from "./learner-model";
import { evaluateFlags, reviewFlag, sendTimeForDraft } from "./learning.service";
import { overview } from "./overview.service";

const DAY = 86_400_000;
const NOW = new Date("2026-11-24T10:00:00Z"); // Tuesday
const ago = (days: number, hourUtc = 10) => new Date(Date.UTC(2026, 10, 24 - days, hourUtc));

let t: TestDb;
let approver: Actor;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
  approver = await createUser(t.db, "APPROVER");
});
afterAll(() => t.cleanup());

function many(n: number, spec: Omit<SentSpec, "sentAt" | "outcomes">, outcome: (i: number) => string[], daysAgo = 10, hour = 10): SentSpec[] {
  return Array.from({ length: n }, (_, i) => ({ ...spec, sentAt: ago(daysAgo + (i % 5), hour), outcomes: outcome(i) }));
}

describe("learning from real outcomes", () => {
  it("ranks the arm with positive outcomes first for that tier and persona, and the cache follows new evidence", async () => {
    const before = await learnerModel(t.db, NOW);
    await seedSent(t.db, [
      ...many(60, { template: "hot-pricing", variant: "B", seniority: "VP", signals: ["page:pricing"] }, (i) => (i < 18 ? ["REPLY:POSITIVE"] : i < 21 ? ["REPLY:NEGATIVE"] : [])),
      ...many(60, { template: "hot-implementation", variant: "A", seniority: "VP", signals: ["page:pricing"] }, (i) => (i < 2 ? ["REPLY:NEGATIVE"] : [])),
    ], "rank");
    // Drafting may take a model it checked moments ago without asking again (maxStaleMs)...
    expect(await learnerModel(t.db, NOW, { maxStaleMs: 60_000 })).toBe(before);
    // ...any other caller gets the new evidence at once, and so does drafting once that time is up.
    const after = await learnerModel(t.db, NOW);
    expect(after).not.toBe(before);
    expect(after.sends.length).toBe(120);
    expect(await learnerModel(t.db, NOW, { maxStaleMs: 60_000 })).toBe(after);
    await seedSent(t.db, [{ template: "hot-pricing", variant: "B", seniority: "VP", sentAt: ago(3, 10), outcomes: ["REPLY:POSITIVE"] }], "rank-late");
    after.checkedAt -= 60_000;
    expect((await learnerModel(t.db, NOW, { maxStaleMs: 60_000 })).sends.length).toBe(121);
    const arms = await t.db.template.findMany({ where: { tier: "HOT" }, select: { id: true, key: true, variants: { select: { id: true, key: true } } } });
    const all = arms.flatMap((a) => a.variants.map((v) => ({ template: a.id, variant: v.id })));
    const pricing = arms.find((a) => a.key === "hot-pricing")!.id;
    let first = 0;
    for (let i = 0; i < 40; i++) {
      const r = await rankForLead(t.db, { tier: "HOT", seniority: "VP", arms: all, leadKey: `lead-${i}`, now: NOW });
      if (r[0].template === pricing) first++;
    }
    expect(first).toBeGreaterThan(36);
    // Drafting's candidate order follows the learner among templates whose angle fits the lead.
    const c = await candidates(t.db, { tier: "HOT", signals: ["pricing", "implementation"], leadKey: "lead-x", seniority: "VP", now: NOW });
    expect(c.map((x) => x.templateKey)).toContain("hot-pricing");
    // A template whose angle fits no signal of the lead only comes last.
    const onlyPricing = await candidates(t.db, { tier: "HOT", signals: ["pricing"], leadKey: "lead-y", seniority: "VP", now: NOW });
    expect(onlyPricing.map((x) => x.templateKey)).toEqual(["hot-pricing", "hot-implementation"]);
  });

  it("flags a template with repeated negative outcomes, drafting skips it, and an approver's review puts it back (audited)", async () => {
    await seedSent(t.db, many(30, { template: "medium-case-study", variant: "A", seniority: "MANAGER" }, (i) => (i < 12 ? ["REPLY:NEGATIVE"] : i < 14 ? ["UNSUBSCRIBE"] : [])), "flag");
    const flagged = await evaluateFlags(t.db, NOW);
    expect(flagged.map((f) => f.key)).toEqual(["medium-case-study"]);
    expect(flagged[0].reason).toMatch(/negative outcomes in 30 sends/);
    expect(await evaluateFlags(t.db, NOW)).toEqual([]); // idempotent
    expect((await candidates(t.db, { tier: "MEDIUM", signals: ["case_studies"], leadKey: "m", now: NOW })).map((c) => c.templateKey)).not.toContain("medium-case-study");
    const tpl = await t.db.template.findUniqueOrThrow({ where: { key: "medium-case-study" }, select: { id: true } });
    const ov = await overview(t.db, NOW);
    expect(ov.flagged.map((f) => f.key)).toContain("medium-case-study");

    await reviewFlag(t.db, approver, { templateId: tpl.id, note: "rewrote the opener" }, new Date(NOW.getTime() + 1000));
    await expect(reviewFlag(t.db, approver, { templateId: tpl.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const audit = await t.db.auditLog.findMany({ where: { subjectId: tpl.id }, select: { action: true, actorId: true } });
    expect(audit.map((a) => a.action)).toEqual(["template.flagged", "template.flagReviewed"]);
    expect(audit[1].actorId).toBe(approver.id);
    // Evidence from before the review no longer counts: not flagged again.
    expect(await evaluateFlags(t.db, new Date(NOW.getTime() + 2000))).toEqual([]);
    expect((await candidates(t.db, { tier: "MEDIUM", signals: ["case_studies"], leadKey: "m", now: NOW })).map((c) => c.templateKey)).toContain("medium-case-study");
    expect((await overview(t.db, NOW)).reviews[0]).toMatchObject({ templateKey: "medium-case-study", note: "rewrote the opener" });
  });

  it("proposes ICP weights from outcomes; only an approver's accept changes the settings (audited)", async () => {
    await seedSent(t.db, [
      ...many(80, { template: "low-intro", variant: "A", seniority: "MANAGER", signals: ["page:roi", "icp_size"] }, (i) => (i < 24 ? ["REPLY:POSITIVE"] : [])),
      ...many(80, { template: "low-intro", variant: "A", seniority: "MANAGER", signals: ["icp_size"] }, (i) => (i < 2 ? ["REPLY:POSITIVE"] : [])),
    ], "icp");
    const before = await get(t.db, "pageSignals");
    const p = await proposeIcp(t.db, NOW);
    expect(p?.created).toBe(true);
    expect(await proposeIcp(t.db, NOW)).toEqual({ id: p!.id, created: false });
    expect(await get(t.db, "pageSignals")).toEqual(before); // nothing applied yet
    const ov = await overview(t.db, NOW);
    const roi = ov.icp.pending!.evidence.find((e) => e.signal === "page:roi")!;
    expect(roi.verdict).toBe("raise");
    expect(roi.lo!).toBeGreaterThan(1);

    const viewerLike = { id: approver.id, name: approver.name };
    await decideIcp(t.db, viewerLike, { id: p!.id, accept: true, note: "looks right" });
    const after = await get(t.db, "pageSignals");
    expect(after.find((s) => s.key === "roi")!.points).toBe(roi.proposed);
    await expect(decideIcp(t.db, viewerLike, { id: p!.id, accept: false })).rejects.toMatchObject({ code: "CONFLICT" });
    const actions = (await t.db.auditLog.findMany({ where: { action: { in: ["icp.proposed", "icp.accepted", "setting.update"] } }, orderBy: { seq: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["icp.proposed", "icp.accepted", "setting.update", "setting.update"]);
  });

  it("moves an auto-send to the persona's clearly better hour inside the window", async () => {
    await t.db.setting.upsert({ where: { key: "sendingWindow" }, create: { key: "sendingWindow", value: JSON.stringify({ timeZone: "UTC", startHour: 9, endHour: 17, days: [1, 2, 3, 4, 5] }) }, update: {} });
    await seedSent(t.db, [
      ...many(60, { template: "hot-pricing", variant: "A", seniority: "C_LEVEL" }, () => [], 8, 10),
      ...many(60, { template: "hot-pricing", variant: "A", seniority: "C_LEVEL" }, (i) => (i < 25 ? ["REPLY:NEUTRAL"] : []), 7, 15),
    ], "time");
    const [draftId] = await seedSent(t.db, [{ template: "hot-pricing", variant: "A", seniority: "C_LEVEL", sentAt: NOW }], "time-draft");
    const pick = await sendTimeForDraft(t.db, draftId, NOW);
    expect(pick.moved).toBe(true);
    expect(new Date(pick.at).getUTCHours()).toBe(15);
    expect(new Date(pick.at).getTime() - NOW.getTime()).toBeLessThanOrEqual(DAY);
    const manager = await seedSent(t.db, [{ template: "hot-pricing", variant: "A", seniority: "MANAGER", sentAt: NOW }], "time-mgr");
    expect((await sendTimeForDraft(t.db, manager[0], NOW)).moved).toBe(false);
  });

  it("the overview shows every tier × persona with intervals and P(best)", async () => {
    const ov = await overview(t.db, NOW);
    const hotVp = ov.contexts.find((c) => c.context === "HOT:leader")!;
    expect(hotVp.sends).toBeGreaterThan(100);
    // hot-pricing went to VPs only with subject B, and to C-levels only with A: no context compares
    // the two subjects, so the template is the conclusion and its subjects share P(best).
    expect(hotVp.conclusion).toMatch(/^hot-pricing is the best template with probability .*; its subject lines are not told apart yet/);
    const pricing = hotVp.arms.filter((a) => a.templateKey === "hot-pricing");
    expect(pricing.reduce((s, a) => s + a.pBest, 0)).toBeGreaterThan(0.9);
    expect(Math.min(...pricing.map((a) => a.pBest))).toBeGreaterThan(0.3);
    const sum = hotVp.arms.reduce((s, a) => s + a.pBest, 0);
    expect(sum).toBeCloseTo(1, 6);
    for (const a of hotVp.arms) expect(a.pPositive.lo).toBeLessThanOrEqual(a.pPositive.hi);
    expect(ov.sendTimes.find((s) => s.persona === "executive")!.best[0].label).toMatch(/15:00/);
  });

  it("a send moved to a better hour is recorded on the approved draft (the stuck-approved sweep waits for it)", async () => {
    const [draftId] = await seedSent(t.db, [{ template: "hot-pricing", variant: "A", seniority: "C_LEVEL", sentAt: NOW }], "time-approved");
    await t.db.draft.update({ where: { id: draftId }, data: { status: "APPROVED" } });
    const pick = await sendTimeForDraft(t.db, draftId, NOW);
    expect(pick.moved).toBe(true);
    expect((await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { sendAfter: true } })).sendAfter).toEqual(new Date(pick.at));
  });
});
