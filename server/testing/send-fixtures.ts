import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";
import { emailHash } from "@/server/features/suppression/suppression.service";

/** Minimal template rows drafts need (foreign keys), created once per database. */
export async function ensureTemplate(db: Db): Promise<{ templateVersionId: string; subjectVariantId: string }> {
  const t = await db.template.upsert({ where: { key: "test-send" }, create: { key: "test-send", name: "Test", tier: "LOW", angle: "general" }, update: {}, select: { id: true } });
  const v = await db.templateVersion.upsert({ where: { templateId_version: { templateId: t.id, version: 1 } }, create: { templateId: t.id, version: 1, body: "Hi" }, update: {}, select: { id: true } });
  const s = await db.subjectVariant.upsert({ where: { templateId_key: { templateId: t.id, key: "A" } }, create: { templateId: t.id, key: "A", subject: "Hello" }, update: {}, select: { id: true } });
  return { templateVersionId: v.id, subjectVariantId: s.id };
}

export interface DraftSpec {
  email: string | null;
  status?: string;
  score?: number;
  tier?: "LOW" | "MEDIUM" | "HOT";
  warm?: boolean;
  state?: string | null;
  qualityOk?: boolean;
  /**
   * An APPROVED draft is one a person approved (a Review row, as the inbox records it), unless
   * this is set: then it stands as the decide step's automatic approval, which the claim re-checks
   * against the current phase and switches.
   */
  autoApproved?: boolean;
}

/** The reviewer of fixture approvals (cannot sign in). */
async function fixtureApprover(db: Db): Promise<string> {
  const u = await db.user.upsert({
    where: { email: "fixture-approver@test.local" },
    create: { email: "fixture-approver@test.local", name: "Fixture approver", role: "APPROVER", passwordHash: "fixture: no sign-in" },
    update: {}, select: { id: true },
  });
  return u.id;
}

const BODY = "Hi there,\n\nWe help revenue teams qualify website visitors and send only what a human would approve. Most teams see the first reviewed emails go out within a week, and nothing leaves without the checks passing.\n\nWould a short call next week be useful?";

/** Creates one visitor + draft per spec (status APPROVED by default); returns draft ids in order. */
export async function seedDrafts(db: Db, specs: DraftSpec[], prefix = "t"): Promise<string[]> {
  const { templateVersionId, subjectVariantId } = await ensureTemplate(db);
  const now = new Date();
  const tierOf = (s: DraftSpec, score: number) => s.tier ?? (score >= 70 ? "HOT" : score >= 40 ? "MEDIUM" : "LOW");
  const rows = specs.map((s, i) => ({ s, score: s.score ?? 20, visitorId: `v-${prefix}-${i}-${ulid()}`, draftId: `d-${prefix}-${i}-${ulid()}` }));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db.visitor.createMany({
      data: chunk.map(({ s, score, visitorId }, k) => ({
        id: visitorId, identityKey: `${prefix}-${i + k}-${s.email ?? "none"}-${visitorId}`, email: s.email, firstName: "Sam", lastName: "Lee", companyName: "Acme",
        state: s.state ?? null, firstSeenAt: now, lastSeenAt: now, score, tier: tierOf(s, score), warm: s.warm ?? false,
      })),
    });
    await db.draft.createMany({
      data: chunk.map(({ s, score, visitorId, draftId }, k) => ({
        id: draftId, visitorId, templateVersionId, subjectVariantId, subject: "Quick question", body: BODY, score,
        tier: tierOf(s, score), warm: s.warm ?? false, fingerprint: `fp-${prefix}-${i + k}`,
        qualityChecks: JSON.stringify([{ check: "words", ok: s.qualityOk ?? true, detail: "" }]), status: s.status ?? "APPROVED",
        recipientHash: s.email ? emailHash(s.email) : null, // as drafting stamps it
      })),
    });
    const approved = chunk.filter(({ s }) => (s.status ?? "APPROVED") === "APPROVED" && !s.autoApproved);
    if (approved.length > 0) {
      const reviewerId = await fixtureApprover(db);
      await db.review.createMany({ data: approved.map(({ draftId }) => ({ draftId, reviewerId, decision: "APPROVE" })) });
    }
  }
  return rows.map((r) => r.draftId);
}

/** Opens the sending window for every hour and day (tests that are not about the window). */
export async function openWindow(db: Db) {
  await db.setting.upsert({
    where: { key: "sendingWindow" },
    create: { key: "sendingWindow", value: JSON.stringify({ timeZone: "UTC", startHour: 0, endHour: 24, days: [1, 2, 3, 4, 5, 6, 7] }) },
    update: { value: JSON.stringify({ timeZone: "UTC", startHour: 0, endHour: 24, days: [1, 2, 3, 4, 5, 6, 7] }) },
  });
}
