import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkApprove, decide } from "@/server/features/approvals/approvals.service";
import { processGhlEvent } from "@/server/features/outcomes/outcomes.service";
import { rate } from "@/server/features/quality/quality.service";
import { sendDraft } from "@/server/features/sending/sending.service";
import { createSandboxGhl } from "@/server/integrations/ghl";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { countVariantsWindow, countWindow } from "./metrics.repository";
import { dayKey, dayStart, recomputeDay } from "./metrics.service";

/**
 * The roll-ups are kept by O(1) increments inside the transactions that change what they count
 * (rollup-increments.ts). After a mix of every such action (decisions of each kind, bulk approval,
 * sends, GHL events including duplicates and several replies to one send, re-rating that moves a
 * rating to another day) the stored roll-ups must equal a full recount from the raw tables.
 */
let t: TestDb;
const DAY = 86_400_000;
const today = dayKey(new Date());
const yesterday = dayKey(new Date(Date.now() - DAY));

beforeAll(async () => {
  t = await createTestDb();
  await openWindow(t.db);
});
afterAll(() => t.cleanup());

async function expectRollupsMatchRecount(days: string[]) {
  for (const day of days) {
    const from = dayStart(day);
    const to = new Date(from.getTime() + DAY);
    const stored = await t.db.metricDaily.findUnique({ where: { day } });
    const { updatedAt: _u, day: _d, ...kept } = stored ?? { updatedAt: null, day };
    const fresh = await countWindow(t.db, from, to);
    for (const [k, v] of Object.entries(fresh)) expect(kept[k as keyof typeof kept] ?? 0, `${day} ${k}`).toBeCloseTo(v as number, 9);
    const variants = await t.db.metricVariantDaily.findMany({ where: { day }, select: { subjectVariantId: true, sent: true, replied: true, positive: true, meetings: true } });
    const nonZero = (r: { sent: number; replied: number; positive: number; meetings: number }) => r.sent + r.replied + r.positive + r.meetings > 0;
    const byId = (a: { subjectVariantId: string }, b: { subjectVariantId: string }) => a.subjectVariantId.localeCompare(b.subjectVariantId);
    expect(variants.filter(nonZero).sort(byId), `${day} variants`).toEqual((await countVariantsWindow(t.db, from, to)).filter(nonZero).sort(byId));
  }
}

describe("incremental roll-ups equal a full recompute", () => {
  it("after decisions, bulk approval, sends, GHL events and ratings", async () => {
    const dani = await createUser(t.db, "APPROVER");
    const sam = await createUser(t.db, "APPROVER");
    const ids = await seedDrafts(t.db, Array.from({ length: 12 }, (_, i) => ({ email: `p${i}@c${i}.example`, status: "PENDING_REVIEW", score: 50 })), "inc");
    const recs = ["AUTO_SEND", "DROP", "REVIEW", null];
    for (const [i, id] of ids.entries()) await t.db.draft.update({ where: { id }, data: { recommendation: recs[i % recs.length] } });
    // The baseline: both days as the cron would have left them.
    await recomputeDay(t.db, yesterday);
    await recomputeDay(t.db, today);

    const v = async (id: string) => (await t.db.draft.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
    await decide(t.db, dani, { draftId: ids[0], version: await v(ids[0]) }, { kind: "APPROVE" }); // AUTO_SEND approved
    await decide(t.db, dani, { draftId: ids[1], version: await v(ids[1]) }, { kind: "APPROVE" }); // DROP approved: override
    await decide(t.db, dani, { draftId: ids[4], version: await v(ids[4]) }, { kind: "REJECT", reasonTag: "OFF_TONE" }); // AUTO_SEND rejected: override
    await decide(t.db, dani, { draftId: ids[3], version: await v(ids[3]) }, { kind: "REJECT", reasonTag: "OTHER" }); // no recommendation: not judged
    await decide(t.db, dani, { draftId: ids[2], version: await v(ids[2]) }, { kind: "SNOOZE", until: new Date(Date.now() + 3_600_000) }); // not counted
    await decide(t.db, dani, { draftId: ids[2], version: await v(ids[2]) }, { kind: "UNSNOOZE" });
    // A repeat and a lost race count nothing.
    await decide(t.db, dani, { draftId: ids[0], version: (await v(ids[0])) - 1 }, { kind: "APPROVE" });
    await expect(decide(t.db, sam, { draftId: ids[4], version: (await v(ids[4])) - 1 }, { kind: "APPROVE" })).rejects.toThrow();
    await bulkApprove(t.db, sam, await Promise.all(ids.slice(5, 9).map(async (id) => ({ draftId: id, version: await v(id) }))));

    // Sends at least 30 s apart (the hard minimum between sends), all earlier today.
    let clock = Math.max(dayStart(today).getTime() + 1000, Date.now() - 4 * 60_000);
    const deps = { ghl: createSandboxGhl(t.db), now: () => new Date((clock += 31_000)) };
    for (const id of [ids[0], ids[1], ids[5], ids[6], ids[7], ids[8]]) expect(await sendDraft(t.db, deps, id)).toMatchObject({ kind: "SENT" });
    expect(await sendDraft(t.db, deps, ids[0])).toMatchObject({ kind: "SENT", alreadySent: true }); // a retried send is not counted twice
    const sends = await t.db.send.findMany({ where: { draftId: { in: ids } }, select: { providerMessageId: true, providerContactId: true } });
    const [a, b, c, d] = sends;
    const reply = (s: typeof a, n: string, body: string, when = new Date()) =>
      processGhlEvent(t.db, { type: "InboundMessage", messageId: `in-${n}`, contactId: s.providerContactId!, replyToMessageId: s.providerMessageId!, direction: "inbound", body, dateAdded: when.toISOString() });
    await reply(a, "1", "Yes, this looks interesting. Can we talk Tuesday?");
    await reply(a, "2", "Also, could you send pricing? Sounds great."); // the same send's second reply: one "replied" send per variant
    await reply(a, "2", "Also, could you send pricing? Sounds great."); // a redelivery: nothing
    await reply(b, "3", "Not interested, thanks.");
    await reply(c, "4", "I am out of the office until Monday with limited access to email."); // not a human reply
    await reply(d, "5", "Sounds good, let's set up a call.", new Date(Date.now() - DAY)); // lands on yesterday
    const stats = (s: typeof a, n: string, event: "opened" | "bounced" | "complained", severity?: "permanent") =>
      processGhlEvent(t.db, { type: "LCEmailStats", messageId: s.providerMessageId!, webhookPayload: { id: `st-${n}`, event, severity } });
    await stats(a, "1", "opened");
    await stats(b, "2", "opened");
    await stats(c, "3", "bounced", "permanent");
    await stats(d, "4", "complained");
    await processGhlEvent(t.db, { type: "AppointmentCreate", appointment: { id: "ap-1", contactId: a.providerContactId!, value: 12_000 } });
    await processGhlEvent(t.db, { type: "AppointmentCreate", appointment: { id: "ap-2", contactId: a.providerContactId! } }); // a second meeting from the same send
    await processGhlEvent(t.db, { type: "OpportunityMonetaryValueUpdate", id: "op-1", contactId: b.providerContactId!, monetaryValue: 5_000 });
    await processGhlEvent(t.db, { type: "InboundMessage", messageId: "in-unmatched", contactId: "nobody", direction: "inbound", body: "Yes please, interested." }); // no send

    const scores = { personalisation: 4, subject: 3, valueProposition: 5, cta: 4, tone: 2 };
    await rate(t.db, dani, { draftId: ids[0], ...scores });
    await rate(t.db, dani, { draftId: ids[0], ...scores, tone: 5 }); // replaces Dani's score
    await rate(t.db, sam, { draftId: ids[0], ...scores });
    // A rating given yesterday and replaced today moves to today.
    await t.db.emailRating.create({ data: { draftId: ids[1], reviewerId: dani.id, ...scores, createdAt: new Date(Date.now() - DAY) } });
    await recomputeDay(t.db, yesterday);
    await rate(t.db, dani, { draftId: ids[1], ...scores, cta: 1 });

    const row = await t.db.metricDaily.findUniqueOrThrow({ where: { day: today } });
    // Judged reviews: ids 0, 1, 4 and the bulk's 5, 6, 8 (7 has no recommendation); overrides: 1, 4, 5.
    expect(row).toMatchObject({ reviews: 6, overrides: 3, sent: 6, bounces: 1, complaints: 1, opens: 2, meetings: 2, pipelineValue: 17_000, qualityRatings: 3 });
    expect(row.replies).toBeGreaterThanOrEqual(2);
    await expectRollupsMatchRecount([yesterday, today]);
  });
});
