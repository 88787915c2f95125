import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { generateKeyPairSync, sign } from "node:crypto";
import { ulid } from "@/server/db/ulid";
import { resetEnvForTests } from "@/server/env";
import { dayKey } from "@/server/features/metrics/metrics.service";
import { emailHash, isSuppressed } from "@/server/features/suppression/suppression.service";
import { useGlobalDb } from "@/server/testing/global-db";
import { ensureTemplate, seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";

vi.mock("@/inngest/client", () => ({ inngest: { send: async () => ({ ids: [] }) } }));

const SECRET = "ghl-secret-for-tests-0123456789";
process.env.GHL_WEBHOOK_SECRET = SECRET;
resetEnvForTests();
const { POST } = await import("./route");

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
});
afterAll(() => t.cleanup());
beforeEach(() => {
  process.env.GHL_WEBHOOK_SECRET = SECRET;
  delete process.env.GHL_WEBHOOK_PUBLIC_KEY;
  delete process.env.GHL_WEBHOOK_ED25519_PUBLIC_KEY;
  resetEnvForTests();
});

const NOW = new Date();
function post(body: unknown, secret: string | null = SECRET, extra: RequestInit = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (secret !== null) headers["x-ghl-webhook-secret"] = secret;
  return POST(new Request("http://localhost/api/webhooks/ghl", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body), ...extra }));
}

let n = 0;
/** A visitor with one SENT e-mail (GHL ids msg_/c_) and one follow-up draft still waiting for review. */
async function sentTo(email: string) {
  n++;
  const [draftId] = await seedDrafts(t.db, [{ email, status: "SENT" }], `ghl${n}`);
  const d = await t.db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitorId: true } });
  const { templateVersionId, subjectVariantId } = await ensureTemplate(t.db);
  const followUp = await t.db.draft.create({
    data: { visitorId: d.visitorId, templateVersionId, subjectVariantId, subject: "Following up", body: "Just checking in.", score: 20, tier: "LOW", fingerprint: `fu-${ulid()}`, status: "PENDING_REVIEW" },
    select: { id: true },
  });
  const send = await t.db.send.create({
    data: {
      draftId, status: "SENT", mode: "LIVE", recipientDomain: email.split("@")[1]!, recipientHash: emailHash(email),
      sentAt: new Date(NOW.getTime() - 3_600_000), providerContactId: `c_${n}_${ulid()}`, providerMessageId: `msg_${n}_${ulid()}`,
    },
    select: { id: true, providerContactId: true, providerMessageId: true },
  });
  return { visitorId: d.visitorId, followUpId: followUp.id, sendId: send.id, contactId: send.providerContactId!, messageId: send.providerMessageId! };
}

const reply = (contactId: string, body: string, extra: Record<string, unknown> = {}) => ({
  type: "InboundMessage", locationId: "loc_1", messageId: `in_${ulid()}`, contactId, conversationId: `conv_${contactId}`,
  messageType: "Email", direction: "inbound", subject: "Re: Quick question", body, dateAdded: NOW.toISOString(), ...extra,
});
const stats = (event: string, extra: Record<string, unknown> = {}, inner: Record<string, unknown> = {}) => ({
  type: "LCEmailStats", locationId: "loc_1", ...extra,
  webhookPayload: { id: `ev_${ulid()}`, event, timestamp: NOW.getTime() / 1000, ...inner },
});

const draftStatus = async (id: string) => (await t.db.draft.findUniqueOrThrow({ where: { id }, select: { status: true, recommendationReason: true } }));
const day = () => t.db.metricDaily.findUnique({ where: { day: dayKey(NOW) } });
async function counts() {
  const [outcomes, suppressions, audits] = await Promise.all([t.db.outcome.count(), t.db.suppression.count(), t.db.auditLog.count()]);
  return { outcomes, suppressions, audits };
}
const auditActions = async (subjectId: string) =>
  (await t.db.auditLog.findMany({ where: { subjectId }, select: { action: true }, orderBy: { seq: "asc" } })).map((a) => a.action);

describe("POST /api/webhooks/ghl: replies", () => {
  it("a positive reply is classified, matched by contact, stops the follow-up, is audited and counted; a redelivery changes nothing", async () => {
    const s = await sentTo("pat@alpha.test");
    const before = (await day())?.positiveReplies ?? 0;
    const ev = reply(s.contactId, "Sounds good, what time works?\n\nOn Tue Sam wrote:\n> To unsubscribe click here");
    const res = await post(ev);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, type: "REPLY", classification: "POSITIVE" });
    const o = await t.db.outcome.findUniqueOrThrow({ where: { providerEventId: `ghl:msg:${ev.messageId}` } });
    expect(o).toMatchObject({ sendId: s.sendId, type: "REPLY", classification: "POSITIVE" });
    expect(JSON.parse(o.payload)).toMatchObject({ text: "Sounds good, what time works?", rule: "availability" });
    expect(await draftStatus(s.followUpId)).toEqual({ status: "DROPPED", recommendationReason: expect.stringContaining("replied positively") });
    expect(await auditActions(s.sendId)).toEqual(["outcome.recorded"]);
    expect(await auditActions(s.visitorId)).toEqual(["followups.stopped"]);
    expect((await day())!.positiveReplies).toBe(before + 1);
    expect(await isSuppressed(t.db, "pat@alpha.test")).toBe(false);

    const c = await counts();
    const dup = await post(ev);
    expect(dup.status).toBe(200);
    expect(await dup.json()).toEqual({ ok: true, duplicate: true });
    expect(await counts()).toEqual(c);
  });

  it("matches by replyToMessageId before the contact id", async () => {
    const a = await sentTo("a@match.test");
    const b = await sentTo("b@match.test");
    await post(reply(a.contactId, "Who is this?", { replyToMessageId: b.messageId, messageId: "in-match-1" }));
    expect((await t.db.outcome.findUniqueOrThrow({ where: { providerEventId: "ghl:msg:in-match-1" } })).sendId).toBe(b.sendId);
  });

  it("an unsubscribe reply suppresses the address at once and drops the follow-up", async () => {
    const s = await sentTo("quit@alpha.test");
    const res = await post(reply(s.contactId, "Please remove me from your list."));
    expect(await res.json()).toMatchObject({ classification: "UNSUBSCRIBE" });
    expect(await isSuppressed(t.db, "quit@alpha.test")).toBe(true);
    expect((await draftStatus(s.followUpId)).status).toBe("DROPPED");
    expect(await auditActions(s.sendId)).toEqual(["outcome.recorded", "suppression.add"]);
  });

  it.each([
    ["NEGATIVE", "No thanks, not a fit.", "DROPPED"],
    ["OUT_OF_OFFICE", "I am out of the office until Monday.", "PENDING_REVIEW"],
    ["NEUTRAL", "Who gave you my address?", "PENDING_REVIEW"],
  ])("a %s reply is stored; follow-up %s; not suppressed", async (cls, body, followUp) => {
    const s = await sentTo(`${cls.toLowerCase()}@beta.test`);
    const before = (await day())?.replies ?? 0;
    const res = await post(reply(s.contactId, body));
    expect(await res.json()).toMatchObject({ classification: cls });
    expect((await draftStatus(s.followUpId)).status).toBe(followUp);
    expect(await isSuppressed(t.db, `${cls.toLowerCase()}@beta.test`)).toBe(false);
    // Out-of-office replies are not human replies (DESIGN.md §8): the reply count ignores them.
    expect((await day())!.replies).toBe(before + (cls === "OUT_OF_OFFICE" ? 0 : 1));
  });

  it("auto-reply headers make an out-of-office reply whatever the text says", async () => {
    const s = await sentTo("auto@beta.test");
    const res = await post(reply(s.contactId, "Interested? I will answer soon.", { headers: { "Auto-Submitted": "auto-replied" } }));
    expect(await res.json()).toMatchObject({ classification: "OUT_OF_OFFICE" });
  });

  it("an outbound message event is acknowledged and stores nothing", async () => {
    const s = await sentTo("out@beta.test");
    const c = await counts();
    const res = await post(reply(s.contactId, "our own message", { direction: "outbound" }));
    expect(await res.json()).toEqual({ ok: true, ignored: "outbound message" });
    expect(await counts()).toEqual(c);
  });
});

describe("POST /api/webhooks/ghl: e-mail stats", () => {
  it.each([["delivered", "DELIVERED"], ["opened", "OPENED"]])("%s -> %s matched by message id, not suppressing", async (event, type) => {
    const s = await sentTo(`${event}@gamma.test`);
    const before = (await day())?.opens ?? 0;
    const ev = stats(event, { messageId: s.messageId });
    expect(await (await post(ev)).json()).toMatchObject({ type });
    expect(await t.db.outcome.findUniqueOrThrow({ where: { providerEventId: `ghl:stats:${ev.webhookPayload.id}` } })).toMatchObject({ sendId: s.sendId, type });
    expect(await isSuppressed(t.db, `${event}@gamma.test`)).toBe(false);
    expect((await draftStatus(s.followUpId)).status).toBe("PENDING_REVIEW");
    expect((await day())!.opens).toBe(before + (type === "OPENED" ? 1 : 0));
    const c = await counts();
    expect(await (await post(ev)).json()).toEqual({ ok: true, duplicate: true });
    expect(await counts()).toEqual(c);
  });

  it.each([
    ["failed", { severity: "permanent" }, "BOUNCE", "bounces"],
    ["bounced", { severity: "permanent" }, "BOUNCE", "bounces"],
    ["complained", {}, "COMPLAINT", "complaints"],
    ["unsubscribed", {}, "UNSUBSCRIBE", null],
  ] as const)("%s %o -> %s, suppressed at once, follow-up dropped, counted", async (event, inner, type, metric) => {
    const email = `${event}-${type.toLowerCase()}@delta.test`;
    const s = await sentTo(email);
    const before = metric ? ((await day())?.[metric] ?? 0) : 0;
    const ev = stats(event, { messageId: s.messageId }, inner);
    expect(await (await post(ev)).json()).toMatchObject({ type });
    expect(await isSuppressed(t.db, email)).toBe(true);
    expect((await draftStatus(s.followUpId)).status).toBe("DROPPED");
    expect(await auditActions(s.sendId)).toEqual(["outcome.recorded", "suppression.add"]);
    if (metric) expect((await day())![metric]).toBe(before + 1);
    const c = await counts();
    expect(await (await post(ev)).json()).toEqual({ ok: true, duplicate: true });
    expect(await counts()).toEqual(c);
  });

  it("a soft bounce is acknowledged without an outcome or suppression", async () => {
    const s = await sentTo("soft@delta.test");
    const c = await counts();
    expect(await (await post(stats("failed", { messageId: s.messageId }, { severity: "temporary" }))).json()).toEqual({ ok: true, ignored: "soft bounce" });
    expect(await counts()).toEqual(c);
    expect(await isSuppressed(t.db, "soft@delta.test")).toBe(false);
  });

  it("an unmatched unsubscribe still suppresses the address it names; with no address it is stored and the audit says why", async () => {
    expect(await (await post(stats("unsubscribed", {}, { recipient: "Stranger@Nowhere.test" }))).json()).toMatchObject({ type: "UNSUBSCRIBE" });
    expect(await isSuppressed(t.db, "stranger@nowhere.test")).toBe(true);
    const res = await (await post(stats("complained", { contactId: "c_unknown" }))).json() as { outcomeId: string };
    expect((await t.db.outcome.findUniqueOrThrow({ where: { id: res.outcomeId } })).sendId).toBeNull();
    const a = await t.db.auditLog.findFirstOrThrow({ where: { subjectId: res.outcomeId, action: "suppression.add" } });
    expect(a.decision).toBe("DENY");
  });

  it("a hard bounce after the contact's personal data was erased still suppresses the (former) address", async () => {
    const s = await sentTo("erased@epsilon.test");
    await t.db.visitor.update({ where: { id: s.visitorId }, data: { email: null, firstName: null, lastName: null, erasedAt: new Date() } });
    await post(stats("failed", { messageId: s.messageId }, { severity: "permanent" }));
    expect(await isSuppressed(t.db, "erased@epsilon.test")).toBe(true);
  });
});

describe("POST /api/webhooks/ghl: meetings and opportunities", () => {
  it("a booked appointment is a MEETING with its value, stops follow-ups and counts as a meeting and pipeline", async () => {
    const s = await sentTo("meet@zeta.test");
    const before = await day();
    const ev = { type: "AppointmentCreate", locationId: "loc_1", appointment: { id: `appt_${ulid()}`, contactId: s.contactId, appointmentStatus: "confirmed", startTime: "2026-12-01T15:00:00Z", dateAdded: NOW.toISOString(), value: 1500 } };
    expect(await (await post(ev)).json()).toMatchObject({ type: "MEETING" });
    expect(await t.db.outcome.findUniqueOrThrow({ where: { providerEventId: `ghl:appt:${ev.appointment.id}` } })).toMatchObject({ sendId: s.sendId, value: 1500 });
    expect((await draftStatus(s.followUpId)).status).toBe("DROPPED");
    const after = (await day())!;
    expect(after.meetings).toBe((before?.meetings ?? 0) + 1);
    expect(after.pipelineValue).toBe((before?.pipelineValue ?? 0) + 1500);
    const c = await counts();
    expect(await (await post(ev)).json()).toEqual({ ok: true, duplicate: true });
    expect(await counts()).toEqual(c);
  });

  it("each opportunity value change is an OPPORTUNITY; the same change redelivered is a duplicate", async () => {
    const s = await sentTo("opp@zeta.test");
    const ev = (v: number, at: string) => ({ type: "OpportunityMonetaryValueUpdate", locationId: "loc_1", id: "opp_1", contactId: s.contactId, monetaryValue: v, dateUpdated: at });
    await post(ev(1000, NOW.toISOString()));
    await post(ev(2500, new Date(NOW.getTime() + 1000).toISOString()));
    expect(await (await post(ev(2500, new Date(NOW.getTime() + 1000).toISOString()))).json()).toEqual({ ok: true, duplicate: true });
    const rows = await t.db.outcome.findMany({ where: { sendId: s.sendId, type: "OPPORTUNITY" }, select: { value: true }, orderBy: { value: "asc" } });
    expect(rows).toEqual([{ value: 1000 }, { value: 2500 }]);
    expect((await draftStatus(s.followUpId)).status).toBe("PENDING_REVIEW");
  });

  it("webhookId, when GHL sends one, is the deduplication key", async () => {
    const s = await sentTo("wid@zeta.test");
    await post(reply(s.contactId, "Tell me more", { webhookId: "wh-1", messageId: "m-a" }));
    expect(await (await post(reply(s.contactId, "Tell me more", { webhookId: "wh-1", messageId: "m-b" }))).json()).toEqual({ ok: true, duplicate: true });
    expect(await t.db.outcome.count({ where: { providerEventId: "wh-1" } })).toBe(1);
  });
});

describe("POST /api/webhooks/ghl: authentication and validation", () => {
  it.each([
    ["missing secret", null],
    ["wrong secret", "nope"],
    ["secret prefix", SECRET.slice(0, -1)],
    ["empty secret", ""],
    ["dev default while a secret is set", "dev-ghl-webhook-secret"],
  ])("%s: 401 and nothing stored", async (_, secret) => {
    const s = await sentTo(`auth${n}@eta.test`);
    const c = await counts();
    expect((await post(reply(s.contactId, "remove me"), secret)).status).toBe(401);
    expect(await counts()).toEqual(c);
    expect(await isSuppressed(t.db, `auth${n}@eta.test`)).toBe(false);
  });

  it("unset secret: the documented dev default works outside production; production answers 503", async () => {
    delete process.env.GHL_WEBHOOK_SECRET;
    resetEnvForTests();
    expect((await post({ type: "SomethingElse" }, "dev-ghl-webhook-secret")).status).toBe(200);
    expect((await post({ type: "SomethingElse" }, SECRET)).status).toBe(401);
    const old = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = "production";
    resetEnvForTests();
    try {
      expect((await post({ type: "SomethingElse" }, "dev-ghl-webhook-secret")).status).toBe(503);
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = old;
      resetEnvForTests();
    }
  });

  it.each([
    ["reply without contactId", { type: "InboundMessage", messageId: "m1", body: "hi" }, "contactId"],
    ["stats with an unknown event", { type: "LCEmailStats", webhookPayload: { id: "e1", event: "exploded" } }, "webhookPayload.event"],
    ["stats without event id", { type: "LCEmailStats", webhookPayload: { event: "opened" } }, "webhookPayload.id"],
    ["appointment without id", { type: "AppointmentCreate", appointment: { contactId: "c" } }, "appointment.id"],
    ["negative opportunity value", { type: "OpportunityMonetaryValueUpdate", id: "o", contactId: "c", monetaryValue: -5 }, "monetaryValue"],
    ["no type", { messageId: "m" }, "type"],
  ])("%s: 400 naming %s, nothing stored", async (_, body, field) => {
    const c = await counts();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ field });
    expect(await counts()).toEqual(c);
  });

  it("non-JSON: 400; oversized: 413; nothing stored", async () => {
    const c = await counts();
    expect((await post("{not json")).status).toBe(400);
    expect((await post(reply("c_x", "x".repeat(300 * 1024)))).status).toBe(413);
    expect(await counts()).toEqual(c);
  });

  it("an unknown event type is acknowledged (200), logged without payload, nothing stored", async () => {
    const c = await counts();
    const res = await post({ type: "ContactTagUpdate", email: "someone@private.test", tags: ["x"] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, ignored: "unhandled event type" });
    expect(await counts()).toEqual(c);
  });
});

describe("POST /api/webhooks/ghl: signed marketplace webhooks (x-ghl-signature Ed25519, legacy x-wh-signature RSA-SHA256)", () => {
  // Locally generated key pairs stand in for GHL's published keys (each scheme has its own key).
  const ed = generateKeyPairSync("ed25519");
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = (k: typeof ed.publicKey) => k.export({ type: "spki", format: "pem" }).toString();
  const oneLine = (k: string) => k.replace(/\n/g, "\\n"); // as a one-line env value
  const signed = (raw: string, sigs: Record<string, string>) =>
    POST(new Request("http://localhost/api/webhooks/ghl", { method: "POST", headers: { "content-type": "application/json", ...sigs }, body: raw }));
  const useKeys = (k: { ed?: string; rsa?: string }, withSecret = true) => {
    if (k.ed) process.env.GHL_WEBHOOK_ED25519_PUBLIC_KEY = oneLine(k.ed);
    else delete process.env.GHL_WEBHOOK_ED25519_PUBLIC_KEY;
    if (k.rsa) process.env.GHL_WEBHOOK_PUBLIC_KEY = oneLine(k.rsa);
    else delete process.env.GHL_WEBHOOK_PUBLIC_KEY;
    if (!withSecret) delete process.env.GHL_WEBHOOK_SECRET;
    resetEnvForTests();
  };
  const edSig = (raw: string, key = ed.privateKey) => sign(null, Buffer.from(raw), key).toString("base64");
  const rsaSig = (raw: string, key = rsa.privateKey) => sign("sha256", Buffer.from(raw), key).toString("base64");
  afterAll(() => {
    delete process.env.GHL_WEBHOOK_ED25519_PUBLIC_KEY;
    delete process.env.GHL_WEBHOOK_PUBLIC_KEY;
    resetEnvForTests();
  });

  it("Ed25519 x-ghl-signature over the raw body is accepted; a tampered body, another key, a non-base64 or empty signature is 401 and stores nothing", async () => {
    useKeys({ ed: pem(ed.publicKey) });
    const s = await sentTo("signed@theta.test");
    const raw = JSON.stringify(reply(s.contactId, "Let's talk"));
    const good = edSig(raw);
    const c = await counts();
    expect((await signed(raw.replace("Let's talk", "remove me"), { "x-ghl-signature": good })).status).toBe(401);
    expect((await signed(raw, { "x-ghl-signature": edSig(raw, generateKeyPairSync("ed25519").privateKey) })).status).toBe(401);
    expect((await signed(raw, { "x-ghl-signature": "not base64 at all!" })).status).toBe(401);
    expect((await signed(raw, { "x-ghl-signature": "" })).status).toBe(401);
    // Re-serialising the parsed body (different whitespace) is not what GHL signed.
    expect((await signed(JSON.stringify(JSON.parse(raw), null, 1), { "x-ghl-signature": good })).status).toBe(401);
    expect(await counts()).toEqual(c);
    const res = await signed(raw, { "x-ghl-signature": good });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ classification: "POSITIVE" });
  });

  it("legacy RSA-SHA256 x-wh-signature is verified with the RSA key; an RSA signature in x-ghl-signature is not", async () => {
    useKeys({ rsa: pem(rsa.publicKey) });
    const s = await sentTo("rsa@theta.test");
    const raw = JSON.stringify(stats("opened", { messageId: s.messageId }));
    expect((await signed(raw, { "x-wh-signature": rsaSig(raw, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey) })).status).toBe(401);
    // No Ed25519 key configured: x-ghl-signature cannot be checked, and there is no secret header either.
    expect((await signed(raw, { "x-ghl-signature": rsaSig(raw) })).status).toBe(401);
    const res = await signed(raw, { "x-wh-signature": rsaSig(raw) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: "OPENED" });
  });

  it("both headers (GHL's transition period): x-ghl-signature decides when its key is configured, without falling back to x-wh-signature", async () => {
    useKeys({ ed: pem(ed.publicKey), rsa: pem(rsa.publicKey) });
    const s = await sentTo("both@theta.test");
    const raw = JSON.stringify(stats("delivered", { messageId: s.messageId }));
    expect((await signed(raw, { "x-ghl-signature": edSig(raw, generateKeyPairSync("ed25519").privateKey), "x-wh-signature": rsaSig(raw) })).status).toBe(401);
    expect((await signed(raw, { "x-ghl-signature": edSig(raw), "x-wh-signature": "garbage" })).status).toBe(200);
    // Only the RSA key configured: the legacy header is used even when x-ghl-signature is present.
    useKeys({ rsa: pem(rsa.publicKey) });
    const raw2 = JSON.stringify(stats("opened", { messageId: s.messageId }));
    expect((await signed(raw2, { "x-ghl-signature": edSig(raw2), "x-wh-signature": rsaSig(raw2) })).status).toBe(200);
  });

  it("a key of the wrong type or a malformed key is a loud 503 (misconfiguration), not a silent 401", async () => {
    const raw = JSON.stringify(reply("c_x", "hello"));
    useKeys({ ed: pem(rsa.publicKey) });
    const res = await signed(raw, { "x-ghl-signature": edSig(raw) });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: "GHL webhook signature key is misconfigured" });
    useKeys({ rsa: pem(ed.publicKey) });
    expect((await signed(raw, { "x-wh-signature": rsaSig(raw) })).status).toBe(503);
    useKeys({ rsa: "-----BEGIN PUBLIC KEY-----\\nnope\\n-----END PUBLIC KEY-----" });
    expect((await signed(raw, { "x-wh-signature": rsaSig(raw) })).status).toBe(503);
  });

  it("a signature without a configured key is 401; in production a key alone (no secret) is enough, and no credentials is 401", async () => {
    useKeys({});
    const s = await sentTo("nokey@theta.test");
    const raw = JSON.stringify(reply(s.contactId, "Tell me more"));
    const sig = edSig(raw);
    expect((await signed(raw, { "x-ghl-signature": sig })).status).toBe(401);
    const old = process.env.NODE_ENV;
    (process.env as Record<string, string>).NODE_ENV = "production";
    try {
      useKeys({ ed: pem(ed.publicKey) }, false);
      expect((await post(reply(s.contactId, "x"), null)).status).toBe(401);
      expect((await signed(raw, { "x-ghl-signature": sig })).status).toBe(200);
    } finally {
      (process.env as Record<string, string | undefined>).NODE_ENV = old;
      resetEnvForTests();
    }
  });
});
