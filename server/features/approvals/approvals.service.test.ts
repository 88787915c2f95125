import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorker } from "@/server/testing/processes";
import { openWindow, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { composeForSend } from "@/server/features/drafting/compose-email";
import { sendDraft } from "@/server/features/sending/sending.service";
import { createSandboxGhl } from "@/server/integrations/ghl";
import { draftForVisitor } from "@/server/features/drafting/drafting.service";
import { intake } from "@/server/features/visitors/visitors.service";
import { rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { bulkApprove, decide, listPending } from "./approvals.service";
import { checkEdit } from "./edit-check";
import { detail, sandboxOutbox } from "./inbox-detail.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
  await openWindow(t.db);
});
afterAll(() => t.cleanup());

let seq = 0;
/** Sendable drafts (each its own recipient domain) in `status`, with the system's REVIEW/AUTO_SEND recommendation. */
async function drafts(n: number, opts: { status?: string; score?: number; warm?: boolean; recommendation?: string } = {}, db = t.db) {
  const batch = ++seq;
  const ids = await seedDrafts(db, Array.from({ length: n }, (_, i) => ({
    email: `lead${i}@b${batch}-${i}.example`, status: opts.status ?? "PENDING_REVIEW", score: opts.score ?? 50, warm: opts.warm,
  })), `a${batch}`);
  await db.draft.updateMany({ where: { id: { in: ids } }, data: { recommendation: opts.recommendation ?? "AUTO_SEND" } });
  return ids;
}
const status = async (id: string) => (await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;

const GOOD_BODY = [
  "Hi Sam,",
  "",
  "Thanks for spending time on our pricing page this week. Teams like Acme usually look at us when their reps lose hours a day triaging website visitors by hand.",
  "",
  "We score every visit, enrich it, and draft a short note a person approves before anything is sent, so your team only talks to people who are actually looking.",
  "",
  "Would fifteen minutes on Thursday be useful to see it on your own traffic?",
].join("\n");

describe("approval decisions", () => {
  it("two approvers in two processes approving the same 25 drafts at once: each draft is approved exactly once", async () => {
    const [a, b] = [await createUser(t.db, "APPROVER"), await createUser(t.db, "APPROVER")];
    const ids = await drafts(25);
    const results = await Promise.all([a, b].map((u) => runWorker("server/testing/workers/approve-all.ts", [u.id, ...ids], { DATABASE_URL: t.url })));
    const [ra, rb] = results.map((r) => JSON.parse(r) as { won: number; conflicts: number });
    expect(ra.won + rb.won).toBe(25);
    expect(ra.conflicts + rb.conflicts).toBe(25);
    expect(await t.db.review.count({ where: { draftId: { in: ids } } })).toBe(25);
    expect(await t.db.draft.count({ where: { id: { in: ids }, status: "APPROVED" } })).toBe(25);
  }, 120_000);

  it("two approvers in two processes approving the same drafts and releasing them to the GHL sandbox produce one send each", async () => {
    // Its own database: its sends use the limits (30 s gap, hourly) other tests' sends would share.
    const own = await createTestDb();
    try {
      await openWindow(own.db);
      const [a, b] = [await createUser(own.db, "APPROVER"), await createUser(own.db, "APPROVER")];
      const ids = await drafts(6, {}, own.db);
      const base = String(Date.now());
      const out = await Promise.all([a, b].map((u) => runWorker("server/testing/workers/approve-and-send.ts", [u.id, base, ...ids], { DATABASE_URL: own.url })));
      const [ra, rb] = out.map((r) => JSON.parse(r) as { won: number; conflicts: number; sends: Record<string, number> });
      expect(ra.won + rb.won).toBe(6);
      expect((ra.sends.SENT ?? 0) + (rb.sends.SENT ?? 0)).toBe(6);
      for (const id of ids) {
        expect(await own.db.send.count({ where: { draftId: id } })).toBe(1);
        expect(await own.db.sandboxOutbox.count({ where: { send: { draftId: id } } })).toBe(1);
        expect((await own.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("SENT");
      }
    } finally {
      await own.cleanup();
    }
  }, 120_000);

  it.each(["SENT", "REJECTED", "DROPPED"])("a %s draft stays terminal", async (s) => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1, { status: s });
    await expect(decide(t.db, u, { draftId: id, version: 0 }, { kind: "APPROVE" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await status(id)).toBe(s);
  });

  it("a stale version is refused", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1);
    await expect(decide(t.db, u, { draftId: id, version: 7 }, { kind: "APPROVE" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("the same approver repeating an approval (double click, second tab) is told it is done; nothing happens twice; another approver is told who won", async () => {
    const [dani, sam] = [await createUser(t.db, "APPROVER"), await createUser(t.db, "APPROVER")];
    const [id] = await drafts(1);
    let released = 0;
    const onApproved = async () => { released++; };
    expect(await decide(t.db, dani, { draftId: id, version: 0 }, { kind: "APPROVE" }, { onApproved })).toEqual({ draftId: id, status: "APPROVED", already: false });
    expect(await decide(t.db, dani, { draftId: id, version: 0 }, { kind: "APPROVE" }, { onApproved })).toEqual({ draftId: id, status: "APPROVED", already: true });
    await expect(decide(t.db, sam, { draftId: id, version: 0 }, { kind: "APPROVE" }, { onApproved })).rejects.toThrow(new RegExp(`already handled by ${dani.name}: it is now approved`));
    await expect(decide(t.db, dani, { draftId: id, version: 0 }, { kind: "REJECT", reasonTag: "OTHER" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(released).toBe(1);
    expect(await t.db.review.count({ where: { draftId: id } })).toBe(1);
  });
  it("a draft that is being sent cannot be approved or edited: the text approved is the text that goes out", async () => {
    const dani = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1, { status: "SENDING" });
    const before = await t.db.draft.findUniqueOrThrow({ where: { id }, select: { subject: true, body: true, version: true } });
    await expect(decide(t.db, dani, { draftId: id, version: before.version }, { kind: "APPROVE_EDITED", subject: "Other subject", body: GOOD_BODY })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(decide(t.db, dani, { draftId: id, version: before.version }, { kind: "APPROVE" })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.db.draft.findUniqueOrThrow({ where: { id }, select: { subject: true, body: true, version: true, status: true } })).toEqual({ ...before, status: "SENDING" });
    expect(await t.db.review.count({ where: { draftId: id } })).toBe(0);
  });
});

describe("approve after editing", () => {
  it("a failing edit is refused and nothing changes", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1);
    const before = await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, subject: true, body: true } });
    await expect(decide(t.db, u, { draftId: id, version: 0 }, { kind: "APPROVE_EDITED", subject: "ACT NOW!!!", body: "too short" }))
      .rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/fails its checks: .*(word count|not all caps|spam)/) });
    expect(await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, subject: true, body: true } })).toEqual(before);
    expect(await t.db.review.count({ where: { draftId: id } })).toBe(0);
  });

  it("keeps the diff from the original, and the send (and the inbox preview) use exactly the edited text", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1);
    const r = await decide(t.db, u, { draftId: id, version: 0 }, { kind: "APPROVE_EDITED", subject: "Visitors worth a reply", body: GOOD_BODY });
    expect(r.status).toBe("APPROVED");
    const review = await t.db.review.findFirstOrThrow({ where: { draftId: id }, select: { decision: true, editedSubject: true, editedBody: true, diff: true } });
    expect(review).toMatchObject({ decision: "APPROVE_EDITED", editedSubject: "Visitors worth a reply", editedBody: GOOD_BODY });
    const diff = JSON.parse(review.diff!) as { subject: { from: string; to: string }; body: { op: string; line: string }[] };
    expect(diff.subject).toEqual({ from: "Quick question", to: "Visitors worth a reply" });
    expect(diff.body.filter((o) => o.op === "add").map((o) => o.line)).toContain("Would fifteen minutes on Thursday be useful to see it on your own traffic?");
    expect(diff.body.some((o) => o.op === "del" && o.line.startsWith("We help revenue teams"))).toBe(true);
    const d = await detail(t.db, id);
    expect(d.edited).toBe(true);
    expect(d.reviews[0].diff).toEqual(diff.body);

    const sent = await sendDraft(t.db, { ghl: createSandboxGhl(t.db) }, id);
    expect(sent.kind).toBe("SENT");
    const outbox = await t.db.sandboxOutbox.findFirstOrThrow({ where: { send: { draftId: id } }, select: { subject: true, html: true } });
    const composed = await composeForSend(t.db, id);
    expect(outbox).toEqual({ subject: "Visitors worth a reply", html: composed!.html });
    expect(d.composed).toEqual({ subject: composed!.subject, text: composed!.text, html: composed!.html });
    expect(outbox.html).toContain("Would fifteen minutes on Thursday");
    expect(outbox.html).toContain("Unsubscribe");
    // The send refreshed today's roll-up: the scorecards count it without waiting for a cron.
    const day = await t.db.metricDaily.findUniqueOrThrow({ where: { day: new Date().toISOString().slice(0, 10) }, select: { sent: true } });
    expect(day.sent).toBe(await t.db.send.count({ where: { status: "SENT", sentAt: { gte: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) } } }));
    const box = await sandboxOutbox(t.db, { limit: 100 });
    expect(box.items.find((i) => i.draftId === id)).toMatchObject({ to: expect.stringMatching(/@/), subject: "Visitors worth a reply", status: "SENT", mode: "SANDBOX" });
  });
});

describe("an approved draft that has not gone yet says why", () => {
  it("shows the send claim's last refusal and the next try, or the hour it was scheduled for; nothing once sent", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [first, second, later] = await drafts(3);
    for (const id of [first, second, later]) await decide(t.db, u, { draftId: id, version: 0 }, { kind: "APPROVE" });
    const at = new Date(Date.now() + 2 * 86_400_000); // a day of its own: no earlier send's 30 s gap or counters
    const sandbox = { ghl: createSandboxGhl(t.db), now: () => at };
    expect(await sendDraft(t.db, sandbox, first)).toMatchObject({ kind: "SENT" });
    const refused = await sendDraft(t.db, sandbox, second); // within 30 s of the first
    expect(refused).toMatchObject({ kind: "DEFERRED", check: "limit" });
    const waiting = (await detail(t.db, second)).waiting;
    expect(waiting).toMatchObject({ scheduledFor: null, refusal: { reason: expect.stringContaining("between sends"), retryAt: (refused as { retryAt: Date }).retryAt.toISOString() } });
    const hour = new Date(Date.now() + 3 * 3_600_000);
    await t.db.draft.update({ where: { id: later }, data: { sendAfter: hour } });
    expect((await detail(t.db, later)).waiting).toEqual({ scheduledFor: hour.toISOString(), refusal: null });
    expect((await detail(t.db, first)).waiting).toBeNull();
  });

  it("a person's approval drops the planned hour of a delayed auto-send (it is sent now, not 'scheduled')", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1, { recommendation: "AUTO_SEND_DELAYED" });
    await t.db.draft.update({ where: { id }, data: { sendAfter: new Date(Date.now() + 3_600_000) } });
    await decide(t.db, u, { draftId: id, version: 0 }, { kind: "APPROVE" });
    expect((await t.db.draft.findUniqueOrThrow({ where: { id }, select: { sendAfter: true } })).sendAfter).toBeNull();
  });
});

describe("reject", () => {
  it("feeds rejection memory: the rejected draft never returns to the queue and the lead's next draft is not the same e-mail", async () => {
    const u = await createUser(t.db, "APPROVER");
    const payload = rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/reject-memory/", Title: "CEO" });
    const arrived = await intake(t.db, payload, JSON.stringify(payload), { emit: async () => undefined });
    if (arrived.kind !== "stored") throw new Error(`not stored: ${arrived.kind}`);
    const first = await draftForVisitor(t.db, arrived.visitorId);
    if (first.kind !== "drafted") throw new Error(`not drafted: ${JSON.stringify(first)}`);
    await t.db.draft.update({ where: { id: first.draftId }, data: { status: "PENDING_REVIEW", recommendation: "REVIEW" } });
    const original = await t.db.draft.findUniqueOrThrow({ where: { id: first.draftId }, select: { subject: true, body: true, fingerprint: true } });

    await decide(t.db, u, { draftId: first.draftId, version: 0 }, { kind: "REJECT", reasonTag: "OFF_TONE", note: "too pushy" });
    expect(await t.db.rejectionMemory.findFirst({ where: { draftId: first.draftId }, select: { fingerprint: true } })).toEqual({ fingerprint: original.fingerprint });
    expect(await t.db.review.findFirstOrThrow({ where: { draftId: first.draftId }, select: { systemRecommendation: true, reasonTag: true, note: true } }))
      .toEqual({ systemRecommendation: "REVIEW", reasonTag: "OFF_TONE", note: "too pushy" });
    expect(await t.db.auditLog.count({ where: { action: "draft.reject", subjectId: first.draftId } })).toBe(1);
    expect((await listPending(t.db, { limit: 100 })).items.map((i) => i.id)).not.toContain(first.draftId);

    // The lead comes back: a new draft may be made, but never the rejected e-mail again.
    const again = await draftForVisitor(t.db, arrived.visitorId);
    expect(again.kind).not.toBe("skipped");
    if (again.kind === "skipped") return;
    expect(again.draftId).not.toBe(first.draftId);
    const next = await t.db.draft.findUniqueOrThrow({ where: { id: again.draftId }, select: { fingerprint: true, subject: true, body: true } });
    expect(`${next.subject}\n${next.body}`).not.toBe(`${original.subject}\n${original.body}`);
    // And an approver cannot sneak it back by pasting the rejected text into another draft for this lead.
    const pasted = await checkEdit(t.db, again.draftId, { subject: original.subject, body: original.body });
    expect(pasted.checks.find((c) => c.check === "not_near_copy_of_rejected")?.ok).toBe(false);
    expect(pasted.ok).toBe(false);
  });
});

describe("snooze", () => {
  it("a snoozed draft leaves the queue until its time, comes back after it, and can be brought back early", async () => {
    const u = await createUser(t.db, "APPROVER");
    const [id] = await drafts(1, { score: 99 });
    const now = new Date();
    const until = new Date(now.getTime() + 3_600_000);
    const inQueue = async (at: Date) => (await listPending(t.db, { limit: 100 }, at)).items.some((i) => i.id === id);
    await expect(decide(t.db, u, { draftId: id, version: 0 }, { kind: "SNOOZE", until: new Date(now.getTime() - 1000) })).rejects.toMatchObject({ code: "VALIDATION" });
    await decide(t.db, u, { draftId: id, version: 0 }, { kind: "SNOOZE", until }, { now });
    expect(await status(id)).toBe("SNOOZED");
    expect(await inQueue(now)).toBe(false);
    expect(await inQueue(new Date(until.getTime() + 1000))).toBe(true);
    await decide(t.db, u, { draftId: id, version: 1 }, { kind: "UNSNOOZE" });
    expect(await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, snoozedUntil: true } })).toEqual({ status: "PENDING_REVIEW", snoozedUntil: null });
    expect(await inQueue(new Date())).toBe(true);
    expect(await t.db.auditLog.count({ where: { subjectId: id, action: { in: ["draft.snooze", "draft.unsnooze"] } } })).toBe(2);
  });
});

describe("bulk approve", () => {
  it("approves each selected draft on its own version, reports the ones someone else handled, and audits the batch", async () => {
    const [dani, sam] = [await createUser(t.db, "APPROVER"), await createUser(t.db, "APPROVER")];
    const ids = await drafts(3);
    await decide(t.db, sam, { draftId: ids[1], version: 0 }, { kind: "REJECT", reasonTag: "BAD_TIMING" });
    const released: string[] = [];
    const { results } = await bulkApprove(t.db, dani, ids.map((draftId) => ({ draftId, version: 0 })), { onApproved: async (d) => { released.push(d); } });
    expect(results.map((r) => [r.ok, r.status])).toEqual([[true, "APPROVED"], [false, "REJECTED"], [true, "APPROVED"]]);
    expect(results[1].message).toContain(sam.name);
    expect(released).toEqual([ids[0], ids[2]]);
    expect(await status(ids[1])).toBe("REJECTED");
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "draft.bulk_approve", actorId: dani.id }, select: { riskLevel: true, evidence: true } });
    expect(audit.riskLevel).toBe("CRITICAL");
    expect(JSON.parse(audit.evidence)).toMatchObject({ requested: 3, approved: 2 });
  });
});

describe("the queue", () => {
  it("lists hottest then newest first, filters by tier / warm / age / template, and counts the whole queue", async () => {
    const hot = await drafts(2, { score: 90, warm: true });
    const low = await drafts(1, { score: 10 });
    await t.db.draft.update({ where: { id: low[0] }, data: { createdAt: new Date(Date.now() - 48 * 3_600_000) } });
    const all = await listPending(t.db, { limit: 100 });
    const pos = (id: string) => all.items.findIndex((i) => i.id === id);
    expect(pos(hot[1])).toBeLessThan(pos(low[0]));
    expect(all.items.map((i) => i.score)).toEqual([...all.items.map((i) => i.score)].sort((a, b) => b - a));
    expect(all.counts.all).toBe(all.total);
    expect(all.counts.HOT + all.counts.MEDIUM + all.counts.LOW).toBe(all.counts.all);
    expect(all.items.every((i) => i.alertedAt === null)).toBe(true);

    const onlyHot = await listPending(t.db, { limit: 100, filter: { tier: "HOT" } });
    expect(onlyHot.items.every((i) => i.tier === "HOT")).toBe(true);
    expect(onlyHot.total).toBe(all.counts.HOT);
    expect((await listPending(t.db, { limit: 100, filter: { warm: true } })).items.map((i) => i.id).sort()).toEqual(
      all.items.filter((i) => i.warm).map((i) => i.id).sort(),
    );
    const old = await listPending(t.db, { limit: 100, filter: { age: "gt24h" } });
    expect(old.items.map((i) => i.id)).toContain(low[0]);
    expect(old.items.map((i) => i.id)).not.toContain(hot[0]);
    const tpl = await t.db.template.findUniqueOrThrow({ where: { key: "test-send" }, select: { id: true } });
    expect((await listPending(t.db, { limit: 100, filter: { templateId: tpl.id } })).total).toBe(all.total);
    expect((await listPending(t.db, { limit: 100, filter: { templateId: "nope" } })).total).toBe(0);

    const first = await listPending(t.db, { limit: 2 });
    const second = await listPending(t.db, { limit: 2, cursor: first.nextCursor });
    expect(second.items[0].id).toBe(all.items[2].id);
  });

  it("pages through the whole queue, woken snoozes interleaved and ties on score and time, each draft exactly once", async () => {
    const tied = await drafts(4, { score: 77 });
    const at = new Date(Date.now() - 3_600_000);
    await t.db.draft.updateMany({ where: { id: { in: tied } }, data: { createdAt: at } });
    const woke = await drafts(3, { status: "SNOOZED", score: 77 });
    await t.db.draft.updateMany({ where: { id: { in: woke } }, data: { createdAt: at, snoozedUntil: new Date(Date.now() - 60_000) } });
    const asleep = await drafts(1, { status: "SNOOZED", score: 99 });
    await t.db.draft.update({ where: { id: asleep[0] }, data: { snoozedUntil: new Date(Date.now() + 3_600_000) } });

    const whole = await listPending(t.db, { limit: 100 });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const p: Awaited<ReturnType<typeof listPending>> = await listPending(t.db, { limit: 3, cursor });
      ids.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(ids).toEqual(whole.items.map((i) => i.id));
    expect(new Set(ids).size).toBe(whole.total);
    expect(ids).toEqual(expect.arrayContaining([...tied, ...woke]));
    expect(ids).not.toContain(asleep[0]);
    // Hottest, then newest, then id: the order the two index walks are merged in.
    const rows = await t.db.draft.findMany({ where: { id: { in: ids } }, select: { id: true, score: true, createdAt: true } });
    const by = new Map(rows.map((r) => [r.id, r]));
    const sorted = [...ids].sort((a, b) => {
      const x = by.get(a)!, y = by.get(b)!;
      return y.score - x.score || y.createdAt.getTime() - x.createdAt.getTime() || (a < b ? -1 : 1);
    });
    expect(ids).toEqual(sorted);
  });

  it("counts by tier and warm: waiting and woken drafts, never a sleeping or decided one (checked against a recount of every draft)", async () => {
    await drafts(2, { score: 95, warm: true });
    await drafts(3, { score: 30 }); // LOW
    const woke = await drafts(2, { status: "SNOOZED", score: 92, warm: true });
    await t.db.draft.updateMany({ where: { id: { in: woke } }, data: { snoozedUntil: new Date(Date.now() - 60_000) } });
    const asleep = await drafts(2, { status: "SNOOZED", score: 15, warm: true });
    await t.db.draft.updateMany({ where: { id: { in: asleep } }, data: { snoozedUntil: new Date(Date.now() + 3_600_000) } });
    await drafts(2, { status: "SENT", score: 90, warm: true });
    await drafts(1, { status: "REJECTED", score: 20 });

    const now = new Date();
    const every = await t.db.draft.findMany({ select: { status: true, snoozedUntil: true, tier: true, warm: true } });
    const woken = (d: (typeof every)[number]) => d.status === "SNOOZED" && d.snoozedUntil !== null && d.snoozedUntil <= now;
    const waiting = every.filter((d) => d.status === "PENDING_REVIEW" || woken(d));
    const ofTier = (tier: string) => waiting.filter((d) => d.tier === tier).length;
    const { counts, total } = await listPending(t.db, { limit: 5 }, now);
    expect(counts).toEqual({
      all: waiting.length, HOT: ofTier("HOT"), MEDIUM: ofTier("MEDIUM"), LOW: ofTier("LOW"),
      warm: waiting.filter((d) => d.warm).length,
      snoozed: every.filter((d) => d.status === "SNOOZED" && d.snoozedUntil !== null && d.snoozedUntil > now).length,
    });
    expect(total).toBe(waiting.length);
    expect(counts.snoozed).toBeGreaterThanOrEqual(2);
    expect(counts.HOT).toBeGreaterThanOrEqual(4);
    // A filtered total counts the filter; the tier counts stay the whole queue's.
    const lowOnly = await listPending(t.db, { limit: 5, filter: { tier: "LOW" } }, now);
    expect(ofTier("LOW")).toBeGreaterThanOrEqual(3);
    expect(lowOnly.total).toBe(ofTier("LOW"));
    expect(lowOnly.counts).toEqual(counts);
  });
});

describe("previous contact", () => {
  it("lists earlier e-mails to the person and the company with the replies they drew (classification only, no text)", async () => {
    const [earlier, colleague, now] = await drafts(3, { status: "SENT" });
    const visitors = await t.db.draft.findMany({ where: { id: { in: [earlier, colleague, now] } }, select: { id: true, visitorId: true } });
    const vOf = (id: string) => visitors.find((x) => x.id === id)!.visitorId;
    // `earlier` went to the same person as `now`; `colleague` to someone else at the same company.
    await t.db.draft.update({ where: { id: earlier }, data: { visitorId: vOf(now) } });
    await t.db.visitor.updateMany({ where: { id: { in: [vOf(now), vOf(colleague)] } }, data: { companyDomain: "prev-contact.example" } });
    await t.db.draft.update({ where: { id: now }, data: { status: "PENDING_REVIEW" } });
    const sent = new Date(Date.now() - 5 * 86_400_000);
    const send = (draftId: string, n: number) =>
      t.db.send.create({ data: { draftId, status: "SENT", mode: "SANDBOX", recipientDomain: "prev-contact.example", recipientHash: `prev-${n}`, claimedAt: sent, sentAt: sent }, select: { id: true } });
    const s1 = await send(earlier, 1);
    await send(colleague, 2);
    await t.db.outcome.create({ data: { sendId: s1.id, type: "OPENED", providerEventId: "prev-open", occurredAt: sent } });
    await t.db.outcome.create({ data: { sendId: s1.id, type: "REPLY", classification: "NEGATIVE", providerEventId: "prev-reply", occurredAt: new Date(sent.getTime() + 3_600_000), payload: JSON.stringify({ text: "Not now, thanks." }) } });

    const d = await detail(t.db, now);
    const mine = d.previousContact.find((p) => p.draftId === earlier)!;
    expect(mine).toMatchObject({ samePerson: true, replies: [{ classification: "NEGATIVE", at: new Date(sent.getTime() + 3_600_000).toISOString() }] });
    expect(d.previousContact.find((p) => p.draftId === colleague)).toMatchObject({ samePerson: false, replies: [] });
    expect(JSON.stringify(d.previousContact)).not.toContain("Not now");
  });
});
