import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createGhlClient, createSandboxGhl } from "@/server/integrations/ghl";
import { verify } from "@/server/features/audit/audit.service";
import { set, setKillSwitch } from "@/server/features/settings/settings.service";
import { emailHash, suppress } from "@/server/features/suppression/suppression.service";
import { startFakeGhl, type FakeGhl } from "@/server/testing/fake-ghl";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { sendingStatus } from "./sending-status";
import { resendStuckApproved, sendDraft, sweepStaleClaims, type SendDeps } from "./sending.service";

let t: TestDb;
let ghl: FakeGhl;
let clock = new Date("2026-11-24T15:00:00Z").getTime(); // Tuesday, 10:00 in New York
const tick = (ms = 31_000) => (clock += ms);
const admin = { id: "admin", name: "Admin" };

function live(extra: Partial<SendDeps> = {}): SendDeps {
  return { ghl: createGhlClient({ baseUrl: ghl.url, token: ghl.token, locationId: "loc_test", emailFrom: "dani@caio.test", timeoutMs: 1_500 }), now: () => new Date(clock), ...extra };
}
const draftStatus = async (id: string) => (await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
const sendRow = (draftId: string) => t.db.send.findUnique({ where: { draftId } });

beforeAll(async () => {
  t = await createTestDb();
  ghl = await startFakeGhl();
});
afterAll(async () => {
  await ghl.close();
  await t.cleanup();
});
beforeEach(() => {
  ghl.setPlan(() => "ok");
  tick();
});

describe("the one send path", () => {
  it("sends an approved draft once through GHL with the composed body and unsubscribe headers; a retry returns the stored result", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "ana@alpha.test" }], "once");
    const first = await sendDraft(t.db, live(), id);
    expect(first).toMatchObject({ kind: "SENT", mode: "LIVE", alreadySent: false });
    const body = ghl.lastMessageBody!;
    expect(body).toMatchObject({ type: "Email", subject: "Quick question", emailFrom: "dani@caio.test", emailTo: "ana@alpha.test" });
    expect(String(body.html)).toContain("Unsubscribe");
    expect(body.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    tick();
    const again = await sendDraft(t.db, live(), id);
    expect(again).toMatchObject({ kind: "SENT", alreadySent: true, messageId: (first as { messageId: string }).messageId });
    expect(ghl.processed.get(ghl.contactIdFor("ana@alpha.test"))).toBe(1);
    expect(await draftStatus(id)).toBe("SENT");
  });

  it("sandbox mode writes the outbox and calls nothing", async () => {
    const before = { ...ghl.calls };
    const [id] = await seedDrafts(t.db, [{ email: "sandy@beta.test" }], "sandbox");
    const r = await sendDraft(t.db, { ghl: createSandboxGhl(t.db), now: () => new Date(clock) }, id);
    expect(r).toMatchObject({ kind: "SENT", mode: "SANDBOX" });
    const send = await sendRow(id);
    const out = await t.db.sandboxOutbox.findUniqueOrThrow({ where: { sendId: send!.id } });
    expect(out.toAddress).toBe("sandy@beta.test");
    expect(JSON.parse(out.headers)["List-Unsubscribe"]).toMatch(/^<https?:\/\/.+unsubscribe/);
    expect(ghl.calls).toEqual(before);
  });

  it("never sends to a suppressed address or an excluded domain (drafts dropped with the reason)", async () => {
    await suppress(t.db, "Gone@Gamma.test", "unsubscribe", "test");
    await set(t.db, "excludedDomains", ["competitor.test"], null);
    const [a, b] = await seedDrafts(t.db, [{ email: "gone@gamma.test" }, { email: "x@mail.competitor.test" }], "blocked");
    expect(await sendDraft(t.db, live(), a)).toMatchObject({ kind: "BLOCKED", check: "suppression" });
    expect(await sendDraft(t.db, live(), b)).toMatchObject({ kind: "BLOCKED", check: "excludedDomain" });
    expect(await draftStatus(a)).toBe("DROPPED");
    expect(await sendRow(a)).toBeNull();
    expect(ghl.attempts.get(ghl.contactIdFor("gone@gamma.test"))).toBeUndefined();
  });

  it("PAUSE_ALL_SENDS blocks (deferred, nothing claimed); SHADOW_MODE_OVERRIDE records a shadow send without calling GHL", async () => {
    const [p, s] = await seedDrafts(t.db, [{ email: "p@delta.test" }, { email: "s@delta.test" }], "switches");
    await setKillSwitch(t.db, admin, "PAUSE_ALL_SENDS", true);
    expect(await sendDraft(t.db, live(), p)).toMatchObject({ kind: "DEFERRED", check: "guard:killSwitch" });
    expect(await sendRow(p)).toBeNull();
    expect(await draftStatus(p)).toBe("APPROVED");
    await setKillSwitch(t.db, admin, "PAUSE_ALL_SENDS", false);
    await setKillSwitch(t.db, admin, "SHADOW_MODE_OVERRIDE", true);
    const calls = ghl.calls.message;
    expect(await sendDraft(t.db, live(), s)).toMatchObject({ kind: "SENT", mode: "SHADOW" });
    expect((await sendRow(s))?.status).toBe("SHADOW");
    expect(ghl.calls.message).toBe(calls);
    await setKillSwitch(t.db, admin, "SHADOW_MODE_OVERRIDE", false);
  });

  it("an automatic approval is re-checked at the claim: a phase moved down or REQUIRE_MANUAL_APPROVAL sends it back to review; a person's approval stands", async () => {
    await set(t.db, "phase", "assisted", null);
    const [ok, down, manual, byPerson] = await seedDrafts(t.db, [
      { email: "ok@auto.test", autoApproved: true }, { email: "down@auto.test", autoApproved: true }, { email: "manual@auto.test", autoApproved: true }, { email: "person@auto.test" },
    ], "autoapp");
    expect(await sendDraft(t.db, live(), ok)).toMatchObject({ kind: "SENT" }); // assisted still auto-approves LOW
    await set(t.db, "phase", "parallel", null);
    tick();
    expect(await sendDraft(t.db, live(), down)).toMatchObject({ kind: "BLOCKED", check: "approval", reason: expect.stringContaining("parallel phase") });
    await set(t.db, "phase", "assisted", null);
    await setKillSwitch(t.db, admin, "REQUIRE_MANUAL_APPROVAL", true);
    tick();
    expect(await sendDraft(t.db, live(), manual)).toMatchObject({ kind: "BLOCKED", check: "approval", reason: expect.stringContaining("REQUIRE_MANUAL_APPROVAL") });
    for (const id of [down, manual]) {
      expect(await sendRow(id)).toBeNull();
      expect(await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, recommendation: true } })).toEqual({ status: "PENDING_REVIEW", recommendation: "REVIEW" });
    }
    tick();
    expect(await sendDraft(t.db, live(), byPerson)).toMatchObject({ kind: "SENT" });
    await setKillSwitch(t.db, admin, "REQUIRE_MANUAL_APPROVAL", false);
    await set(t.db, "phase", "parallel", null); // the default, which later tests assume
    expect(ghl.processed.get(ghl.contactIdFor("down@auto.test")) ?? 0).toBe(0);
    expect(ghl.processed.get(ghl.contactIdFor("manual@auto.test")) ?? 0).toBe(0);
  });

  it("an approved draft that can never be sent (contact erased, no or invalid address) is dropped with the reason, so the stuck-approved sweep stops picking it", async () => {
    const [erased, none, invalid] = await seedDrafts(t.db, [{ email: "gone@erased.test" }, { email: null }, { email: "not-an-address" }], "unsendable");
    const { visitorId } = await t.db.draft.findUniqueOrThrow({ where: { id: erased }, select: { visitorId: true } });
    await t.db.visitor.update({ where: { id: visitorId }, data: { email: null, erasedAt: new Date(clock) } });
    tick();
    expect(await sendDraft(t.db, live(), erased)).toMatchObject({ kind: "BLOCKED", check: "input", reason: "the contact's personal data was erased" });
    expect(await sendDraft(t.db, live(), none)).toMatchObject({ kind: "BLOCKED", check: "input", reason: "no recipient address" });
    expect(await sendDraft(t.db, live(), invalid)).toMatchObject({ kind: "BLOCKED", check: "input" });
    for (const id of [erased, none, invalid]) {
      expect(await draftStatus(id)).toBe("DROPPED");
      expect(await sendRow(id)).toBeNull();
    }
  });

  it("the stuck-approved sweep sends a forgotten approved draft, but leaves one scheduled for a later hour until then", async () => {
    const [forgotten, scheduled] = await seedDrafts(t.db, [{ email: "forgot@sweep.test" }, { email: "later@sweep.test" }], "sweep");
    // The scheduled one is the older, so the sweep (oldest first, 30 s between sends) would reach it first.
    await t.db.draft.update({ where: { id: forgotten }, data: { updatedAt: new Date(clock - 11 * 60_000) } });
    await t.db.draft.update({ where: { id: scheduled }, data: { updatedAt: new Date(clock - 12 * 60_000), sendAfter: new Date(clock + 3 * 3_600_000) } });
    const first = await resendStuckApproved(t.db, live(), { limit: 500 });
    expect(first.kinds.SENT).toBeGreaterThanOrEqual(1);
    expect(await draftStatus(forgotten)).toBe("SENT");
    expect(await draftStatus(scheduled)).toBe("APPROVED");
    expect(await sendRow(scheduled)).toBeNull();
    tick(3 * 3_600_000 + 60_000);
    await resendStuckApproved(t.db, live(), { limit: 500 });
    expect(await draftStatus(scheduled)).toBe("SENT");
  });

  it("a draft that is not approved (rejected, pending) is never sent", async () => {
    const [r, q] = await seedDrafts(t.db, [{ email: "r@eps.test", status: "REJECTED" }, { email: "q@eps.test", status: "PENDING_REVIEW" }], "notapproved");
    expect(await sendDraft(t.db, live(), r)).toMatchObject({ kind: "BLOCKED", check: "draft" });
    expect(await sendDraft(t.db, live(), q)).toMatchObject({ kind: "BLOCKED", check: "draft" });
    expect(await sendRow(r)).toBeNull();
  });

  it("outside the sending window the send is deferred to the next opening", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "w@zeta.test", state: "CA" }], "window");
    const saved = clock;
    clock = new Date("2026-11-24T16:30:00Z").getTime(); // 08:30 in California
    const r = await sendDraft(t.db, live(), id);
    expect(r).toMatchObject({ kind: "DEFERRED", check: "window", retryAt: new Date("2026-11-24T17:00:00Z") });
    clock = Math.max(saved, new Date("2026-11-24T17:00:00Z").getTime()) + 31_000;
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "SENT" });
  });

  it("429 releases the claim without sending; a later retry sends exactly once", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "rl@eta.test" }], "ratelimit");
    ghl.setPlan((k) => (k === "message" ? "429" : "ok"));
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "DEFERRED", check: "provider" });
    expect((await sendRow(id))?.status).toBe("RELEASED");
    expect(await draftStatus(id)).toBe("APPROVED");
    ghl.setPlan(() => "ok");
    tick(2_000 + 31_000);
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "SENT" });
    expect((await sendRow(id))?.attempts).toBe(2);
    expect(ghl.processed.get(ghl.contactIdFor("rl@eta.test"))).toBe(1);
  });

  it("a later visit that changes the lead's address does not redirect an approved e-mail: it goes back to review, then to the new address once approved", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "old@acme.test" }], "moved");
    const { visitorId } = await t.db.draft.findUniqueOrThrow({ where: { id }, select: { visitorId: true } });
    // A first attempt is given back (429), so the retry below re-claims the released row.
    ghl.setPlan((k) => (k === "message" ? "429" : "ok"));
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "DEFERRED", check: "provider" });
    ghl.setPlan(() => "ok");
    await t.db.visitor.update({ where: { id: visitorId }, data: { email: "new@other.test" } });
    tick(2_000 + 31_000);
    const messagesBefore = ghl.calls.message;
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "BLOCKED", check: "recipient" });
    expect(ghl.calls.message).toBe(messagesBefore);
    expect(await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, recipientHash: true } })).toEqual({ status: "PENDING_REVIEW", recipientHash: emailHash("new@other.test") });
    expect((await t.db.auditLog.findMany({ where: { subjectId: id, action: "send.claim", decision: "DENY" }, select: { evidence: true } }))
      .filter((e) => JSON.parse(e.evidence).check === "recipient")).toHaveLength(1);

    await t.db.draft.update({ where: { id }, data: { status: "APPROVED" } }); // an approver approves it for the address the inbox now shows
    tick();
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "SENT" });
    expect(ghl.lastMessageBody).toMatchObject({ emailTo: "new@other.test" });
    expect(await sendRow(id)).toMatchObject({ recipientHash: emailHash("new@other.test"), recipientDomain: "other.test", attempts: 2 });
    expect(ghl.processed.get(ghl.contactIdFor("old@acme.test")) ?? 0).toBe(0);
  });

  it("an unknown outcome (timeout after processing, 500 after processing) goes to NEEDS_REVIEW and is never resent", async () => {
    const [a, b] = await seedDrafts(t.db, [{ email: "to@theta.test" }, { email: "e5@theta.test" }], "unknown");
    ghl.setPlan((k) => (k === "message" ? "hang" : "ok"));
    expect(await sendDraft(t.db, live(), a)).toMatchObject({ kind: "NEEDS_REVIEW" });
    ghl.setPlan((k) => (k === "message" ? "500-after" : "ok"));
    tick();
    expect(await sendDraft(t.db, live(), b)).toMatchObject({ kind: "NEEDS_REVIEW" });
    ghl.setPlan(() => "ok");
    tick();
    expect(await sendDraft(t.db, live(), a)).toMatchObject({ kind: "NEEDS_REVIEW" });
    expect(ghl.processed.get(ghl.contactIdFor("to@theta.test"))).toBe(1);
    expect(ghl.attempts.get(ghl.contactIdFor("e5@theta.test"))).toBe(1);
  });

  it("a crash between the GHL call and the record leaves CLAIMED; a retry waits, the sweeper moves it to NEEDS_REVIEW without resending", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "crash@iota.test" }], "crash");
    await expect(sendDraft(t.db, live({ afterProviderCall: () => { throw new Error("process died"); } }), id)).rejects.toThrow("process died");
    expect((await sendRow(id))?.status).toBe("CLAIMED");
    tick(1_000);
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "IN_FLIGHT" });
    tick(130_000);
    expect(await sweepStaleClaims(t.db, live())).toMatchObject({ found: 1, needsReview: 1 });
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "NEEDS_REVIEW" });
    expect(ghl.processed.get(ghl.contactIdFor("crash@iota.test"))).toBe(1);
  });

  it("the sandbox reconciles a crash from its own outbox (SENT, not resent)", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "sc@kappa.test" }], "sandboxcrash");
    const deps = { ghl: createSandboxGhl(t.db), now: () => new Date(clock) };
    await expect(sendDraft(t.db, { ...deps, afterProviderCall: () => { throw new Error("died"); } }, id)).rejects.toThrow();
    tick(130_000);
    expect(await sweepStaleClaims(t.db, deps)).toMatchObject({ found: 1, sent: 1 });
    expect((await sendRow(id))?.status).toBe("SENT");
    expect(await t.db.sandboxOutbox.count({ where: { toAddress: "sc@kappa.test" } })).toBe(1);
  });

  it("a 4xx about the message from GHL fails the draft (not retried)", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "bad@lambda.test" }], "client");
    ghl.setPlan((k) => (k === "message" ? "400" : "ok"));
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "FAILED" });
    expect(await draftStatus(id)).toBe("FAILED");
    ghl.setPlan(() => "ok");
  });

  it("a refused token (401) gives the claim back: the draft waits instead of failing, and goes once the token works", async () => {
    const [id] = await seedDrafts(t.db, [{ email: "token@mu.test" }], "token");
    ghl.setPlan((k) => (k === "message" ? "401" : "ok"));
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "DEFERRED", check: "provider", retryAt: new Date(clock + 15 * 60_000) });
    expect(await draftStatus(id)).toBe("APPROVED");
    expect((await sendRow(id))?.status).toBe("RELEASED");
    ghl.setPlan(() => "ok");
    tick(15 * 60_000);
    expect(await sendDraft(t.db, live(), id)).toMatchObject({ kind: "SENT" });
    expect(ghl.processed.get(ghl.contactIdFor("token@mu.test"))).toBe(1);
  });

  it("every decision is in the audit log and the chain verifies", async () => {
    const denies = await t.db.auditLog.count({ where: { action: "send.claim", decision: "DENY" } });
    const allows = await t.db.auditLog.count({ where: { action: "send.claim", decision: "ALLOW" } });
    expect(denies).toBeGreaterThanOrEqual(6);
    expect(allows).toBeGreaterThanOrEqual(8);
    expect(await verify(t.db)).toMatchObject({ ok: true });
  });

  it("status counts what the claim counted", async () => {
    const st = await sendingStatus(t.db, new Date(clock));
    const claimedToday = await t.db.send.count({ where: { status: { in: ["SENT", "SHADOW", "NEEDS_REVIEW", "FAILED", "CLAIMED"] } } });
    expect(st.sent.today).toBe(claimedToday);
    expect(st.sends.needsReview).toBe(await t.db.send.count({ where: { status: "NEEDS_REVIEW" } }));
    expect(st.sent.limits.phaseDaily).toBe(25);
  });
});
