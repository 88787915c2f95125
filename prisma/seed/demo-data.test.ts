import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detail } from "@/server/features/approvals/inbox-detail.service";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { seedDemoData } from "./demo-data";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
  const dani = await createUser(t.db, "APPROVER");
  await seedDemoData(t.db, { reviewerId: dani.id, visitors: 60, seed: 7 });
});
afterAll(() => t.cleanup());

describe("the demo data is data the app itself would have written", () => {
  it("every seeded draft opens in the inbox (the detail's checked output accepts it)", async () => {
    const drafts = await t.db.draft.findMany({ select: { id: true, status: true } });
    expect(new Set(drafts.map((d) => d.status)).size).toBeGreaterThan(2);
    for (const d of drafts) {
      const dto = await detail(t.db, d.id);
      expect(dto.qualityChecks.length).toBeGreaterThan(1);
    }
  });

  it("the sandbox outbox holds the e-mails as composed (subject, signature, footer, unsubscribe link and header)", async () => {
    const box = await t.db.sandboxOutbox.findMany({ select: { subject: true, html: true, headers: true, send: { select: { draft: { select: { subject: true } } } } } });
    expect(box.length).toBeGreaterThan(0);
    for (const m of box) {
      expect(m.subject).toBe(m.send.draft.subject);
      expect(m.html).toContain("Unsubscribe");
      expect(JSON.parse(m.headers)).toHaveProperty("List-Unsubscribe");
    }
  });

  it("drafts and sends carry the keyed hash of their address, as drafting and the claim record it", async () => {
    const sends = await t.db.send.findMany({ select: { recipientHash: true, draft: { select: { recipientHash: true, visitor: { select: { email: true } } } } } });
    expect(sends.length).toBeGreaterThan(0);
    for (const s of sends) {
      expect(s.draft.recipientHash).toBe(emailHash(s.draft.visitor.email!));
      expect(s.recipientHash).toBe(s.draft.recipientHash);
    }
  });
});
