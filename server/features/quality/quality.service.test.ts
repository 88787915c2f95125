import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { scorecards } from "@/server/features/metrics/metrics.service";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { exportCsv, rate, sample } from "./quality.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
  const tpl = await t.db.template.findFirstOrThrow({ select: { versions: { select: { id: true } }, variants: { select: { id: true } } } });
  for (let i = 0; i < 3; i++) {
    const v = await t.db.visitor.create({ data: { identityKey: `q${i}`, firstSeenAt: new Date(), lastSeenAt: new Date() }, select: { id: true } });
    await t.db.draft.create({
      data: { visitorId: v.id, templateVersionId: tpl.versions[0].id, subjectVariantId: tpl.variants[0].id, subject: `Subject, "quoted" ${i}`, body: "Hello there", score: 50, tier: "MEDIUM", fingerprint: `q${i}`, status: i === 2 ? "DROPPED" : "SENT" },
    });
  }
});
afterAll(() => t.cleanup());

describe("email review sample", () => {
  it("samples recent reviewable drafts, as they will be sent (footer included)", async () => {
    const dani = await createUser(t.db, "APPROVER");
    const s = await sample(t.db, dani, 20);
    expect(s.items).toHaveLength(2); // the DROPPED draft never reached anyone
    expect(s.items[0].text).toMatch(/Unsubscribe/);
    expect(s.meanScore).toBeNull();
  });

  it("ratings feed the email quality scorecard, and re-rating replaces the previous scores", async () => {
    const dani = await createUser(t.db, "APPROVER");
    const [first] = (await sample(t.db, dani, 20)).items;
    await rate(t.db, dani, { draftId: first.draftId, personalisation: 1, subject: 1, valueProposition: 1, cta: 1, tone: 1 });
    await rate(t.db, dani, { draftId: first.draftId, personalisation: 5, subject: 4, valueProposition: 3, cta: 4, tone: 4 });
    const s = await sample(t.db, dani, 20);
    expect(s.rated).toBe(1);
    expect(s.meanScore).toBeCloseTo(4);
    const today = new Date().toISOString().slice(0, 10);
    const { cards } = await scorecards(t.db, { from: today, to: today });
    expect(cards.find((c) => c.key === "emailQuality")!.value).toBeCloseTo(4);
  });

  it("exports the sample and the scores as CSV that parses back", async () => {
    const { csv, filename } = await exportCsv(t.db, 20);
    expect(filename).toMatch(/\.csv$/);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    const rated = rows.find((r) => r.reviewer_id);
    expect(rated).toMatchObject({ personalisation: "5", mean: "4.00" });
    expect(rows.some((r) => r.subject.includes('"quoted"'))).toBe(true);
  });
});
