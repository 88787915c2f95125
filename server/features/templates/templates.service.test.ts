import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { DEFAULT_TEMPLATES, ensureDefaultTemplates } from "./default-templates";
import { list, preview, saveVersion } from "./templates.service";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await ensureDefaultTemplates(t.db);
});
afterAll(() => t.cleanup());

async function visitor() {
  return t.db.visitor.create({
    data: { identityKey: `tv-${Math.random()}`, firstName: "Ada", lastName: "Lovelace", title: "VP of Sales", companyName: "Analytical Engines", industry: "Software", firstSeenAt: new Date(), lastSeenAt: new Date() },
    select: { id: true },
  });
}

describe("templates", () => {
  it("previews on a real visitor, with the footer the server adds and the quality checks", async () => {
    await visitor();
    const tpl = DEFAULT_TEMPLATES[0];
    const p = await preview(t.db, { body: tpl.body, subject: tpl.subjects[0].subject });
    expect(p.error).toBeNull();
    expect(p.visitor?.label).toContain("Ada Lovelace");
    expect(p.text).toContain("Ada");
    expect(p.text).toMatch(/Unsubscribe/);
    expect(p.checks.length).toBeGreaterThan(3);
    expect(p.ok).toBe(true);
  });

  it("says so when there is no visitor to preview on", async () => {
    const empty = await createTestDb();
    const p = await preview(empty.db, { body: "Hi {{ first_name }}", subject: "x" });
    expect(p).toMatchObject({ ok: false, visitor: null });
    await empty.cleanup();
  });

  it("fails closed on an unknown variable and saves nothing", async () => {
    await visitor();
    const a = await createUser(t.db, "APPROVER");
    const [tpl] = await list(t.db);
    const r = await saveVersion(t.db, a, { templateId: tpl.id, body: `${tpl.body}\n{{ secret_field }}`, addVariants: [], deactivateVariantIds: [] });
    expect(r.saved).toBe(false);
    expect(r.error).toMatch(/does not render/);
    expect((await list(t.db)).find((x) => x.id === tpl.id)!.version).toBe(tpl.version);
  });

  it("refuses a body that fails the quality checks (too short), naming the check", async () => {
    const a = await createUser(t.db, "APPROVER");
    const [tpl] = await list(t.db);
    const r = await saveVersion(t.db, a, { templateId: tpl.id, body: "Hi {{ first_name }}, buy now!!!", addVariants: [], deactivateVariantIds: [] });
    expect(r.saved).toBe(false);
    expect(r.checks.filter((c) => !c.ok).length).toBeGreaterThan(0);
  });

  it("saves a passing edit as a new version; old drafts keep pointing at the old one", async () => {
    const a = await createUser(t.db, "APPROVER");
    const [tpl] = await list(t.db);
    const body = `${tpl.body}\nHappy to share what we learned from teams like {{ company_name }}.`;
    const r = await saveVersion(t.db, a, { templateId: tpl.id, body, addVariants: [{ key: "C", subject: "A short note for {{ company_name }}" }], deactivateVariantIds: [] });
    expect(r).toMatchObject({ saved: true, version: tpl.version + 1 });
    const after = (await list(t.db)).find((x) => x.id === tpl.id)!;
    expect(after.versionId).not.toBe(tpl.versionId);
    expect(after.variants.map((v) => v.key)).toContain("C");
    expect(await t.db.templateVersion.count({ where: { templateId: tpl.id } })).toBe(tpl.version + 1);
    await expect(saveVersion(t.db, a, { templateId: tpl.id, body, addVariants: [{ key: "C", subject: "again" }], deactivateVariantIds: [] })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
