import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS, runChecks, type QualityCheck } from "@/server/domain/quality-checks";
import { fingerprint } from "@/server/domain/fingerprint";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { rb2bCompanyOnly, rb2bPerson } from "@/server/testing/rb2b-fixtures";
import * as settings from "@/server/features/settings/settings.service";
import { intake } from "@/server/features/visitors/visitors.service";
import { DEFAULT_TEMPLATES, ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import type { Fact } from "@/server/features/visitors/profile";
import { composeDraft, composeEmail, verifyUnsubscribeToken } from "./compose-email";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { draftForVisitor } from "./drafting.service";
import { render } from "./render";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
});
afterAll(() => t.cleanup());

let n = 0;
async function arrive(patch: Record<string, unknown> = {}, base = rb2bPerson) {
  n++;
  const payload = base({ "LinkedIn URL": `https://www.linkedin.com/in/draft-${n}/`, ...patch });
  const r = await intake(t.db, payload, JSON.stringify(payload), { emit: async () => undefined });
  if (r.kind !== "stored") throw new Error(`not stored: ${JSON.stringify(r)}`);
  return r.visitorId;
}
const ceoOnPricing = { Title: "CEO", "Captured URL": "https://caio-swarm.example/pricing", "Employee Count": "51-200", Industry: "Computer Software" };

describe("default templates", () => {
  it("ensureDefaultTemplates is idempotent and covers three tiers with A/B subjects", async () => {
    expect((await ensureDefaultTemplates(t.db)).created).toBe(0);
    expect(await t.db.template.count()).toBe(DEFAULT_TEMPLATES.length);
    expect(new Set(DEFAULT_TEMPLATES.map((x) => x.tier))).toEqual(new Set(["LOW", "MEDIUM", "HOT"]));
    for (const x of DEFAULT_TEMPLATES) expect(x.subjects.length).toBeGreaterThanOrEqual(2);
  });

  const facts = (extra: Partial<Record<string, string>> = {}): Fact[] =>
    Object.entries({ firstName: "Jordan", companyName: "Acme Analytics", industry: "Computer Software", technologies: "HubSpot, Segment", ...extra })
      .map(([field, value]) => ({ field, value: value!, source: "rb2b" as const, dataId: "v1", verifiedAt: "2026-11-24T10:00:00Z" }));
  it.each(DEFAULT_TEMPLATES.flatMap((tpl) => tpl.subjects.map((s) => [tpl.key, s.key, tpl.body, s.subject] as const)))(
    "%s/%s renders and passes every quality check, with and without optional facts",
    async (_k, _s, body, subject) => {
      for (const f of [facts(), facts({ industry: undefined, technologies: undefined }).filter((x) => x.value)]) {
        const [s, b] = await Promise.all([render(subject, f), render(body, f)]);
        const v = runChecks({ subject: s.text, body: b.text, fingerprint: fingerprint(b.text), rejectedFingerprints: [] });
        expect(v.results.filter((r) => !r.ok)).toEqual([]);
      }
    },
  );
});

describe("render (LiquidJS, grounded only)", () => {
  const f: Fact[] = [{ field: "firstName", value: "Jo", source: "rb2b", dataId: "v", verifiedAt: "x" }];
  it.each([
    ["unknown variable", "Hi {{ secret_thing }}"],
    ["known variable without a fact", "Hi {{ company_name }}"],
    ["include reaches for a file", "{% include 'etc/passwd' %}"],
    ["render reaches for a file", "{% render '../../.env' %}"],
    ["unknown filter", "{{ first_name | system }}"],
    ["bad syntax", "{% if %}"],
  ])("%s throws", async (_, src) => {
    await expect(render(src, f)).rejects.toThrow();
  });
  it("reports the facts it used as evidence", async () => {
    const r = await render("Hi {{ first_name }}{% if industry %} in {{ industry }}{% endif %}", f);
    expect(r.text).toBe("Hi Jo");
    expect(r.used.map((x) => x.field)).toEqual(["firstName"]);
  });
});

describe("draftForVisitor", () => {
  it("HOT CEO on pricing: DRAFTED from the pricing template with score breakdown, evidence and passing checks", async () => {
    const id = await arrive(ceoOnPricing);
    const out = await draftForVisitor(t.db, id);
    expect(out).toMatchObject({ kind: "drafted", tier: "HOT" });
    const d = await t.db.draft.findUniqueOrThrow({
      where: { id: (out as { draftId: string }).draftId },
      select: { status: true, subject: true, body: true, evidence: true, qualityChecks: true, scoreBreakdown: true, score: true, templateVersion: { select: { template: { select: { key: true } } } } },
    });
    expect(d.status).toBe("DRAFTED");
    expect(d.templateVersion.template.key).toBe("hot-pricing");
    expect(d.body).toContain("Jordan");
    const evidence = JSON.parse(d.evidence) as Fact[];
    expect(evidence.map((e) => e.field).sort()).toEqual(["companyName", "firstName", "industry"]);
    for (const e of evidence) expect(e).toMatchObject({ source: "rb2b", dataId: id, verifiedAt: expect.any(String) });
    expect((JSON.parse(d.qualityChecks) as { ok: boolean }[]).every((c) => c.ok)).toBe(true);
    expect(JSON.parse(d.scoreBreakdown).reduce((s: number, b: { points: number }) => s + b.points, 0)).toBe(d.score);
    // a second run does not draft the same lead again
    expect(await draftForVisitor(t.db, id)).toMatchObject({ kind: "skipped", reason: expect.stringContaining("already") });
  });

  it("the same workflow step run again (same origin key) reports the draft it made, without a second one", async () => {
    const id = await arrive(ceoOnPricing);
    const first = await draftForVisitor(t.db, id, new Date(), { originKey: "run-1:draft" });
    expect(first.kind).toBe("drafted");
    expect(await draftForVisitor(t.db, id, new Date(), { originKey: "run-1:draft" })).toEqual(first);
    expect(await draftForVisitor(t.db, id, new Date(), { originKey: "run-2:draft" })).toMatchObject({ kind: "skipped" });
    expect(await t.db.draft.count({ where: { visitorId: id } })).toBe(1);
  });

  it("composes the final e-mail in one place: signature, postal address, per-contact unsubscribe link and headers", async () => {
    const id = await arrive(ceoOnPricing);
    const out = await draftForVisitor(t.db, id);
    const email = (await composeDraft(t.db, (out as { draftId: string }).draftId))!;
    expect(email.text).toContain("Head of Sales, CAIO Swarm");
    expect(email.text).toContain(process.env.COMPANY_POSTAL_ADDRESS ?? "100 Market Street");
    const link = /Unsubscribe: (\S+)/.exec(email.text)![1];
    const u = new URL(link);
    expect(u.searchParams.get("c")).toBe(id);
    expect(verifyUnsubscribeToken(id, u.searchParams.get("t")!)).toBe(true);
    expect(verifyUnsubscribeToken("someone-else", u.searchParams.get("t")!)).toBe(false);
    expect(email.headers).toEqual({ "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(email.html).toContain(`href="${link.replace(/&/g, "&amp;")}"`);
  });

  it("escapes HTML in the body", () => {
    const e = composeEmail({ subject: "s", body: "<script>x</script>", signature: "sig", postalAddress: "addr", unsubscribeUrl: "https://u/x?a=1&b=2" });
    expect(e.html).not.toContain("<script>");
  });

  it.each([
    ["company-only profile", () => arrive({ "LinkedIn URL": null }, rb2bCompanyOnly), "company-only"],
    ["excluded domain", async () => { await settings.set(t.db, "excludedDomains", ["excluded-co.com"], null); return arrive({ Website: "https://excluded-co.com", "Business Email": "x@excluded-co.com" }); }, "excluded"],
    ["no e-mail", () => arrive({ "Business Email": null }), "no e-mail"],
    ["no first name: no template can be grounded", () => arrive({ "First Name": null }), "grounded"],
  ])("%s: stored, not drafted", async (_, make, reason) => {
    const id = await make();
    const before = await t.db.draft.count();
    expect(await draftForVisitor(t.db, id)).toMatchObject({ kind: "skipped", reason: expect.stringContaining(reason) });
    expect(await t.db.draft.count()).toBe(before);
    expect(await t.db.visitor.count({ where: { id } })).toBe(1);
  });

  it("rejection memory: a rejected draft does not come back as a near-copy; the next candidate is used", async () => {
    const id = await arrive(ceoOnPricing);
    const first = await draftForVisitor(t.db, id);
    const d1 = await t.db.draft.update({ where: { id: (first as { draftId: string }).draftId }, data: { status: "REJECTED" }, select: { id: true, fingerprint: true, body: true, visitor: { select: { identityKey: true } } } });
    await t.db.rejectionMemory.create({ data: { identityKey: d1.visitor.identityKey, fingerprint: d1.fingerprint, draftId: d1.id } });
    const second = await draftForVisitor(t.db, id);
    expect(second.kind).toBe("drafted");
    const d2 = await t.db.draft.findUniqueOrThrow({ where: { id: (second as { draftId: string }).draftId }, select: { body: true, templateVersion: { select: { template: { select: { key: true } } } } } });
    expect(d2.templateVersion.template.key).toBe("hot-implementation");
    expect(d2.body).not.toBe(d1.body);
  });

  it.each([
    ["PENDING_REVIEW", 45, true], ["SNOOZED", 45, true], ["APPROVED", 45, true], ["SENDING", 45, true], ["DRAFTED", 45, true],
    ["SENT", 10, true], ["SENT", 45, false], ["REJECTED", 10, false], ["DROPPED", 10, false],
  ] as const)("one e-mail per lead: an earlier %s draft from %i days ago blocks a new one: %s", async (status, daysAgo, blocks) => {
    const id = await arrive(ceoOnPricing);
    const first = await draftForVisitor(t.db, id);
    const createdAt = new Date(Date.now() - daysAgo * 86_400_000);
    await t.db.draft.update({ where: { id: (first as { draftId: string }).draftId }, data: { status, createdAt } });
    if (status === "REJECTED") await t.db.rejectionMemory.deleteMany({}); // the block under test, not rejection memory
    const second = await draftForVisitor(t.db, id);
    expect(second.kind).toBe(blocks ? "skipped" : "drafted");
    expect(await t.db.draft.count({ where: { visitorId: id } })).toBe(blocks ? 1 : 2);
  });

  it("stamps the draft with the hash of the address it is written for (the send goes only to that address)", async () => {
    const id = await arrive({ ...ceoOnPricing, "Business Email": "Stamp.Me@Acme-Analytics.com" });
    const r = await draftForVisitor(t.db, id);
    const d = await t.db.draft.findUniqueOrThrow({ where: { id: (r as { draftId: string }).draftId }, select: { recipientHash: true } });
    expect(d.recipientHash).toBe(emailHash("stamp.me@acme-analytics.com"));
  });

  it("a quality check that throws blocks the draft (stored as DROPPED with the failure, never DRAFTED)", async () => {
    const id = await arrive(ceoOnPricing);
    const boom: QualityCheck = { name: "exploding_check", run: () => { throw new Error("guard crashed"); } };
    CHECKS.push(boom);
    try {
      const out = await draftForVisitor(t.db, id);
      expect(out).toMatchObject({ kind: "blocked", failed: ["exploding_check"] });
      const d = await t.db.draft.findUniqueOrThrow({ where: { id: (out as { draftId: string }).draftId } });
      expect(d.status).toBe("DROPPED");
      expect(d.recommendation).toBe("DROP");
      expect(d.qualityChecks).toContain("guard crashed");
    } finally {
      CHECKS.pop();
    }
  });
});
