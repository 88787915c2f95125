import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get } from "@/server/features/settings/settings.service";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { overview, tickManualItem, transition } from "./phases.service";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

/** Roll-up rows that make every "parallel -> assisted" metric criterion pass over the last 30 days. */
async function goodMonth(now: Date) {
  for (let i = 0; i < 30; i++) {
    const day = new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10);
    await t.db.metricDaily.upsert({
      where: { day },
      create: { day, visitors: 10, visitorsEnriched: 5, sent: 10, opens: 5, replies: 1, qualityRatings: 1, qualityScoreSum: 4, reviews: 2, overrides: 0 },
      update: {},
    });
  }
}

describe("phase gates", () => {
  it("with no data every metric criterion fails, so advancing is refused", async () => {
    const approver = await createUser(t.db, "APPROVER");
    const o = await overview(t.db);
    expect(o.phase).toBe("parallel");
    expect(o.next).toBe("assisted");
    expect(o.canAdvance).toBe(false);
    expect(o.criteria.filter((c) => !c.pass).map((c) => c.key)).toEqual(expect.arrayContaining(["enrichment", "quality", "reply", "sample-emails-signed-off"]));
    await expect(transition(t.db, approver, "UP", "assisted", "let's go")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await get(t.db, "phase")).toBe("parallel");
  });

  it("advances once every criterion passes and the manual item is ticked; the change is audited", async () => {
    const approver = await createUser(t.db, "APPROVER");
    await goodMonth(new Date());
    let o = await overview(t.db);
    expect(o.criteria.filter((c) => !c.pass).map((c) => c.key)).toEqual(["sample-emails-signed-off"]);
    await tickManualItem(t.db, approver, { gate: "assisted", item: "sample-emails-signed-off", checked: true, comment: "read 20 samples" });
    o = await overview(t.db);
    expect(o.canAdvance).toBe(true);
    await expect(transition(t.db, approver, "UP", "expansion", "skip")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await transition(t.db, approver, "UP", "assisted", "signed off after review");
    expect(await get(t.db, "phase")).toBe("assisted");
    const audit = await t.db.auditLog.findFirst({ where: { action: "phase.advance" }, select: { evidence: true, actorId: true } });
    expect(audit?.actorId).toBe(approver.id);
    expect(JSON.parse(audit!.evidence)).toMatchObject({ from: "parallel", to: "assisted" });
    const row = await t.db.phaseTransition.findFirstOrThrow({ where: { toPhase: "assisted" }, select: { criteria: true, signedOffBy: true } });
    expect(JSON.parse(row.criteria).every((c: { pass: boolean }) => c.pass)).toBe(true);
  });

  it("moving down is always allowed and immediate, and a 'down' that is not down is refused", async () => {
    const approver = await createUser(t.db, "APPROVER");
    await expect(transition(t.db, approver, "DOWN", "full", "typo")).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await transition(t.db, approver, "DOWN", "parallel", "reply rate dropped");
    expect(await get(t.db, "phase")).toBe("parallel");
    expect((await overview(t.db)).history[0]).toMatchObject({ from: "assisted", to: "parallel", direction: "DOWN" });
  });
});
