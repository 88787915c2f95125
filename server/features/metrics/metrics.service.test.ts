import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { drillDown } from "./drill-down";
import { dayStart, recomputeRange, scorecards } from "./metrics.service";

/**
 * A fixed dataset over two days, with every figure computed by hand below.
 * Day 1 (2026-11-02): 4 visitors (3 enriched), 3 drafts, 3 sent + 1 failed, outcomes:
 *   bounce x1, opened x2, reply POSITIVE, reply OUT_OF_OFFICE; meeting worth 10,000.
 *   reviews: REJECT vs AUTO_SEND (override), APPROVE vs AUTO_SEND, APPROVE vs REVIEW.
 *   ratings: (5,5,5,5,5) and (3,3,3,3,3) -> quality 4.0
 * Day 2 (2026-11-03): 2 visitors (0 enriched), 1 draft, 2 sent, reply NEGATIVE.
 * A visitor on 2026-11-05 lies outside the range and must not count.
 */
let t: TestDb;
const D1 = "2026-11-02T10:00:00Z";
const D2 = "2026-11-03T15:00:00Z";
const at = (s: string) => new Date(s);

beforeAll(async () => {
  t = await createTestDb();
  const db = t.db;
  await ensureDefaultTemplates(db);
  const reviewer = await createUser(db, "APPROVER");
  const tpl = await db.template.findFirstOrThrow({ select: { versions: { select: { id: true } }, variants: { select: { id: true } } } });
  let n = 0;
  const visitor = async (when: string, enriched: boolean) =>
    (await db.visitor.create({ data: { identityKey: `v${n++}`, firstSeenAt: at(when), lastSeenAt: at(when), createdAt: at(when), enrichmentStatus: enriched ? "COMPLETE" : "PARTIAL" }, select: { id: true } })).id;
  const draft = async (visitorId: string, when: string) =>
    (await db.draft.create({ data: { visitorId, templateVersionId: tpl.versions[0].id, subjectVariantId: tpl.variants[0].id, subject: "s", body: "b", score: 50, tier: "MEDIUM", fingerprint: `f${n++}`, createdAt: at(when) }, select: { id: true } })).id;
  const send = async (draftId: string, when: string, status = "SENT") =>
    (await db.send.create({ data: { draftId, status, mode: "SANDBOX", recipientDomain: "x.example", recipientHash: `h${n++}`, claimedAt: at(when), sentAt: status === "SENT" ? at(when) : null }, select: { id: true } })).id;
  const outcome = (sendId: string, type: string, when: string, classification?: string, value?: number) =>
    db.outcome.create({ data: { sendId, type, classification, value, occurredAt: at(when), providerEventId: `e${n++}` } });

  const v1 = [await visitor(D1, true), await visitor(D1, true), await visitor(D1, true), await visitor(D1, false)];
  const d1 = [await draft(v1[0], D1), await draft(v1[1], D1), await draft(v1[2], D1)];
  const s1 = [await send(d1[0], D1), await send(d1[1], D1), await send(d1[2], D1)];
  const extra = await draft(v1[3], "2026-10-20T00:00:00Z"); // created before the range: not counted as a draft
  await send(extra, D1, "FAILED");
  await outcome(s1[0], "BOUNCE", D1);
  await outcome(s1[1], "OPENED", D1);
  await outcome(s1[2], "OPENED", D1);
  await outcome(s1[1], "REPLY", D1, "POSITIVE");
  await outcome(s1[2], "REPLY", D1, "OUT_OF_OFFICE");
  await outcome(s1[1], "MEETING", D1, undefined, 10_000);
  for (const [decision, rec] of [["REJECT", "AUTO_SEND"], ["APPROVE", "AUTO_SEND"], ["APPROVE", "REVIEW"]]) {
    await db.review.create({ data: { draftId: d1[0], reviewerId: reviewer.id, decision, systemRecommendation: rec, createdAt: at(D1) } });
  }
  await db.emailRating.create({ data: { draftId: d1[0], reviewerId: reviewer.id, personalisation: 5, subject: 5, valueProposition: 5, cta: 5, tone: 5, createdAt: at(D1) } });
  const r2 = await createUser(db, "APPROVER");
  await db.emailRating.create({ data: { draftId: d1[0], reviewerId: r2.id, personalisation: 3, subject: 3, valueProposition: 3, cta: 3, tone: 3, createdAt: at(D1) } });

  const v2 = [await visitor(D2, false), await visitor(D2, false)];
  const d2 = await draft(v2[0], D2);
  const s2 = [await send(d2, D2), await send(await draft(v2[1], "2026-10-01T00:00:00Z"), D2)];
  await outcome(s2[0], "REPLY", D2, "NEGATIVE");
  await visitor("2026-11-05T00:00:00Z", true);

  await recomputeRange(db, at("2026-11-01T00:00:00Z"), at("2026-11-05T00:00:00Z"));
});
afterAll(() => t.cleanup());

const range = { from: "2026-11-02", to: "2026-11-03" };

describe("scorecards against hand-computed values", () => {
  it("computes each figure from the roll-ups", async () => {
    const { cards, days } = await scorecards(t.db, range, at("2026-11-03T20:00:00Z"));
    const v = Object.fromEntries(cards.map((c) => [c.key, c.value]));
    expect(days).toBe(2);
    expect(v.enrichmentRate).toBeCloseTo(3 / 6); // 3 enriched of 6 visitors
    expect(v.emailQuality).toBeCloseTo(4);
    // delivered = 5 sent - 1 bounce = 4; human replies = POSITIVE + NEGATIVE (OOO excluded) = 2
    expect(v.replyRate).toBeCloseTo(2 / 4);
    expect(v.positiveReplyRate).toBeCloseTo(1 / 4);
    expect(v.meetingsPerMonth).toBeCloseTo((1 * 30) / 2);
    expect(v.pipelineValue).toBe(10_000);
    expect(v.sendErrors48h).toBe(1); // the FAILED send claimed on day 1, within 48 h of "now"
    expect(v.overrideRate).toBeCloseTo(1 / 3);
    // bounce 25 % (-30), complaints 0, open 2/4 = 50 % (0), reply 50 % (+10) -> 80
    expect(v.domainHealth).toBe(80);
  });

  it("shows a daily series per card", async () => {
    const { cards } = await scorecards(t.db, range);
    const reply = cards.find((c) => c.key === "replyRate")!;
    expect(reply.series).toEqual([{ day: "2026-11-02", value: 1 / 2 }, { day: "2026-11-03", value: 1 / 2 }]);
    // Meetings plot as the day's count, not the monthly rate one day extrapolates to (1 -> 30).
    expect(cards.find((c) => c.key === "meetingsPerMonth")!.series).toEqual([{ day: "2026-11-02", value: 1 }, { day: "2026-11-03", value: 0 }]);
  });

  it("an empty range is 'no data', not zero", async () => {
    const { cards } = await scorecards(t.db, { from: "2025-01-01", to: "2025-01-31" });
    expect(cards.find((c) => c.key === "replyRate")!.value).toBeNull();
  });
});

describe("drill-downs list exactly the rows counted", () => {
  const r = { gte: dayStart("2026-11-02"), lt: dayStart("2026-11-04") };
  it.each([
    ["visitors", 6], ["visitorsEnriched", 3], ["drafts", 4], ["sent", 5], ["sendErrors", 1], ["bounces", 1],
    ["opens", 2], ["replies", 2], ["positiveReplies", 1], ["meetings", 1], ["reviews", 3], ["ratings", 2],
  ] as const)("%s: %i rows", async (source, count) => {
    const all: string[] = [];
    let cursor: string | null = null;
    let total = -1;
    do {
      const p = await drillDown(t.db, source, r, 2, cursor);
      total = p.total;
      all.push(...p.rows.map((x) => x.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(total).toBe(count);
    expect(new Set(all).size).toBe(count);
  });
});

describe("per-variant roll-ups (Templates page)", () => {
  it("count sent e-mails and the sends that drew replies and meetings, per variant", async () => {
    const { variantTotals } = await import("./metrics.repository");
    const { list } = await import("@/server/features/templates/templates.service");
    const totals = await variantTotals(t.db);
    expect(totals).toHaveLength(1);
    // 5 sent; human replies on 2 sends (POSITIVE, NEGATIVE — the out-of-office does not count); 1 positive; 1 meeting
    expect(totals[0]._sum).toEqual({ sent: 5, replied: 2, positive: 1, meetings: 1 });
    const variant = (await list(t.db)).flatMap((x) => x.variants).find((v) => v.id === totals[0].subjectVariantId);
    expect(variant).toMatchObject({ sent: 5, replied: 2, positive: 1, meetings: 1 });
  });
});
