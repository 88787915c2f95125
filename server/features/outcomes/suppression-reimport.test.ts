import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { sendDraft } from "@/server/features/sending/sending.service";
import { eraseContact } from "@/server/features/privacy/erasure.service";
import { emailHash, isSuppressed } from "@/server/features/suppression/suppression.service";
import { createSandboxGhl } from "@/server/integrations/ghl";
import { useGlobalDb } from "@/server/testing/global-db";
import { rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { ensureTemplate, openWindow } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";

vi.mock("@/inngest/client", () => ({ inngest: { send: async () => ({ ids: [] }) } }));

process.env.RB2B_WEBHOOK_TOKEN = "rb2b-token-reimport";
process.env.GHL_WEBHOOK_SECRET = "ghl-secret-reimport-0123456789";
resetEnvForTests();
const rb2b = (await import("@/app/api/webhooks/rb2b/route")).POST;
const ghl = (await import("@/app/api/webhooks/ghl/route")).POST;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  await openWindow(t.db);
});
afterAll(() => t.cleanup());

const EMAIL = "jordan.rivera@acme-analytics.com";
const deliver = (overrides: Record<string, unknown> = {}) =>
  rb2b(new Request("http://localhost/api/webhooks/rb2b?token=rb2b-token-reimport", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rb2bPerson(overrides)) }));
const event = (body: unknown) =>
  ghl(new Request("http://localhost/api/webhooks/ghl", { method: "POST", headers: { "content-type": "application/json", "x-ghl-webhook-secret": "ghl-secret-reimport-0123456789" }, body: JSON.stringify(body) }));

async function approvedDraftFor(visitorId: string, tag: string) {
  const { templateVersionId, subjectVariantId } = await ensureTemplate(t.db);
  const body = "Hi Jordan,\n\nWe help revenue teams qualify website visitors and send only what a human would approve. Most teams see the first reviewed emails go out within a week.\n\nWould a short call next week be useful?";
  const { id } = await t.db.draft.create({ data: { visitorId, templateVersionId, subjectVariantId, subject: "Quick question", body, score: 50, tier: "MEDIUM", fingerprint: `fp-${tag}`, status: "APPROVED" }, select: { id: true } });
  await t.db.review.create({ data: { draftId: id, reviewerId: (await createUser(t.db, "APPROVER")).id, decision: "APPROVE" } }); // a person approved it
  return id;
}
const visitorsWithEmail = () => t.db.visitor.findMany({ where: { email: EMAIL }, select: { id: true } });

describe("a suppressed address stays suppressed", () => {
  it("unsubscribe reply -> re-imported by RB2B (same and new identity) -> after erasure and re-import: never sent again", async () => {
    const deps = { ghl: createSandboxGhl(t.db), now: () => new Date() };
    expect((await deliver()).status).toBe(200);
    const [v] = await visitorsWithEmail();
    const first = await approvedDraftFor(v!.id, "1");
    expect(await sendDraft(t.db, deps, first)).toMatchObject({ kind: "SENT" });
    const send = await t.db.send.findUniqueOrThrow({ where: { draftId: first }, select: { providerContactId: true } });

    // The reply comes back through the real webhook and the real matching rule (GHL contact id).
    const res = await event({ type: "InboundMessage", messageId: "in-reimport-1", contactId: send.providerContactId, direction: "inbound", body: "Please stop emailing me." });
    expect(await res.json()).toMatchObject({ classification: "UNSUBSCRIBE" });
    expect(await isSuppressed(t.db, EMAIL)).toBe(true);

    // Re-import: the same person visits again (same identity), and under a new identity (other LinkedIn URL).
    expect((await deliver({ "Seen At": new Date().toISOString() })).status).toBe(200);
    expect((await deliver({ "LinkedIn URL": "https://www.linkedin.com/in/jordan-rivera-other/" })).status).toBe(200);
    const all = await visitorsWithEmail();
    expect(all.length).toBe(2);
    for (const [i, x] of all.entries()) {
      const d = await approvedDraftFor(x.id, `re-${i}`);
      expect(await sendDraft(t.db, deps, d)).toMatchObject({ kind: "BLOCKED", check: "suppression" });
    }

    // Erasure (the real admin action) keeps only the keyed hash. The person comes back under the
    // very identity that was erased and under a new one: new visitors, and the hash alone blocks both.
    const admin = await createUser(t.db, "ADMIN");
    for (const x of all) expect(await eraseContact(t.db, admin, x.id)).toMatchObject({ already: false });
    expect(await visitorsWithEmail()).toEqual([]);
    expect(await t.db.suppression.count({ where: { emailHash: emailHash(EMAIL) } })).toBe(1);
    expect(await isSuppressed(t.db, EMAIL)).toBe(true);
    expect((await deliver({ "Seen At": new Date().toISOString() })).status).toBe(200);
    expect((await deliver({ "LinkedIn URL": "https://www.linkedin.com/in/jordan-rivera-third/" })).status).toBe(200);
    const back = await t.db.visitor.findMany({ where: { email: EMAIL, erasedAt: null }, select: { id: true } });
    expect(back.length).toBe(2);
    for (const [i, b] of back.entries()) {
      const d = await approvedDraftFor(b.id, `after-erasure-${i}`);
      expect(await sendDraft(t.db, deps, d)).toMatchObject({ kind: "BLOCKED", check: "suppression" });
    }
    expect(await t.db.send.count({ where: { status: "SENT" } })).toBe(1);
  });
});
