import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ulid } from "@/server/db/ulid";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { ensureTemplate, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { closeOnOutcome, closeWithoutOutcome, openWatch, unwatchedSends } from "./outcome-watch.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.cleanup());

const H = 3_600_000;
let n = 0;
async function sent(opts: { mode?: string; sentAt?: Date } = {}) {
  n++;
  const email = `w${n}@watch.test`;
  const [draftId] = await seedDrafts(t.db, [{ email, status: "SENT" }], `ws${n}`);
  const d = await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitorId: true } });
  const send = await t.db.send.create({
    data: { draftId, status: opts.mode === "SHADOW" ? "SHADOW" : "SENT", mode: opts.mode ?? "LIVE", recipientDomain: "watch.test", recipientHash: emailHash(email), sentAt: opts.sentAt ?? new Date(), providerMessageId: `m_${ulid()}` },
    select: { id: true, sentAt: true },
  });
  return { sendId: send.id, sentAt: send.sentAt!, visitorId: d.visitorId };
}
async function followUp(visitorId: string) {
  const { templateVersionId, subjectVariantId } = await ensureTemplate(t.db);
  return (await t.db.draft.create({ data: { visitorId, templateVersionId, subjectVariantId, subject: "f", body: "b", score: 1, tier: "LOW", fingerprint: ulid(), status: "APPROVED" }, select: { id: true } })).id;
}
const outcome = (sendId: string, type: string, classification: string | null = null) =>
  t.db.outcome.create({ data: { id: ulid(), sendId, type, classification, providerEventId: ulid(), occurredAt: new Date(), payload: "{}" }, select: { id: true } });

describe("outcome watch service", () => {
  it("opens once per send; shadow sends are not watched", async () => {
    const s = await sent();
    const a = await openWatch(t.db, s.sendId);
    expect(a).toEqual({ state: "WAITING", deadline: new Date(s.sentAt.getTime() + 72 * H).toISOString() });
    expect(await openWatch(t.db, s.sendId)).toEqual(a);
    expect(await t.db.outcomeWatch.count({ where: { sendId: s.sendId } })).toBe(1);
    const shadow = await sent({ mode: "SHADOW" });
    expect(await openWatch(t.db, shadow.sendId)).toMatchObject({ state: "SKIPPED" });
  });

  it("the wait path applies the follow-up stop too: a draft created after the webhook ran is dropped when a positive reply closes the watch", async () => {
    const s = await sent();
    await openWatch(t.db, s.sendId);
    const o = await outcome(s.sendId, "REPLY", "POSITIVE");
    const late = await followUp(s.visitorId); // e.g. drafted from a repeat visit meanwhile
    expect(await closeOnOutcome(t.db, s.sendId, o.id)).toEqual({ state: "RESOLVED", result: "REPLY:POSITIVE" });
    expect(await t.db.draft.findUniqueOrThrow({ where: { id: late } })).toMatchObject({ status: "DROPPED" });
    // A second close (retried step, duplicate event) changes nothing and audits nothing more.
    const audits = await t.db.auditLog.count({ where: { subjectId: s.sendId, action: "outcome.watch.closed" } });
    expect(await closeOnOutcome(t.db, s.sendId, o.id)).toEqual({ state: "RESOLVED", result: "REPLY:POSITIVE" });
    expect(await t.db.auditLog.count({ where: { subjectId: s.sendId, action: "outcome.watch.closed" } })).toBe(audits);
  });

  it("out-of-office and neutral-for-follow-ups outcomes: OOO keeps waiting and keeps drafts; a neutral reply closes without dropping", async () => {
    const s = await sent();
    await openWatch(t.db, s.sendId);
    const draft = await followUp(s.visitorId);
    const ooo = await outcome(s.sendId, "REPLY", "OUT_OF_OFFICE");
    expect(await closeOnOutcome(t.db, s.sendId, ooo.id)).toMatchObject({ state: "WAITING" });
    const neutral = await outcome(s.sendId, "REPLY", "NEUTRAL");
    expect(await closeOnOutcome(t.db, s.sendId, neutral.id)).toEqual({ state: "RESOLVED", result: "REPLY:NEUTRAL" });
    expect(await t.db.draft.findUniqueOrThrow({ where: { id: draft } })).toMatchObject({ status: "APPROVED" });
  });

  it("NO_REPLY only after the deadline, once, and never when a final outcome is stored", async () => {
    const s = await sent({ sentAt: new Date(Date.now() - 73 * H) });
    await openWatch(t.db, s.sendId);
    expect(await closeWithoutOutcome(t.db, s.sendId, new Date(s.sentAt.getTime() + 71 * H))).toMatchObject({ state: "WAITING" });
    expect(await closeWithoutOutcome(t.db, s.sendId)).toEqual({ state: "NO_OUTCOME", result: "NO_REPLY" });
    expect(await closeWithoutOutcome(t.db, s.sendId)).toEqual({ state: "NO_OUTCOME", result: "NO_REPLY" });
    expect(await t.db.outcome.count({ where: { sendId: s.sendId, type: "NO_REPLY" } })).toBe(1);

    const b = await sent({ sentAt: new Date(Date.now() - 73 * H) });
    await openWatch(t.db, b.sendId);
    await outcome(b.sendId, "MEETING");
    expect(await closeWithoutOutcome(t.db, b.sendId)).toEqual({ state: "RESOLVED", result: "MEETING" });
    expect(await t.db.outcome.count({ where: { sendId: b.sendId, type: "NO_REPLY" } })).toBe(0);
  });

  it("finds delivered sends of the last 72 h that have no watch", async () => {
    const s = await sent({ sentAt: new Date(Date.now() - 2 * H) });
    const ids = (await unwatchedSends(t.db, new Date(), { limit: 1000 })).map((x) => x.id);
    expect(ids).toContain(s.sendId);
    await openWatch(t.db, s.sendId);
    expect((await unwatchedSends(t.db, new Date(), { limit: 1000 })).map((x) => x.id)).not.toContain(s.sendId);
  });
});
