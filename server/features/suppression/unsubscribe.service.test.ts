import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeToken } from "@/server/features/drafting/compose-email";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { isSuppressed } from "./suppression.service";
import { unsubscribe } from "./unsubscribe.service";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

const visitor = (email: string) =>
  t.db.visitor.create({ data: { identityKey: `u-${email}`, email, firstSeenAt: new Date(), lastSeenAt: new Date() }, select: { id: true } });

describe("unsubscribe", () => {
  it("drops every open draft to the contact; sent ones stay as they were", async () => {
    const { ensureDefaultTemplates } = await import("@/server/features/templates/default-templates");
    await ensureDefaultTemplates(t.db);
    const tpl = await t.db.template.findFirstOrThrow({ select: { versions: { select: { id: true } }, variants: { select: { id: true } } } });
    const v = await visitor("open@unsub.example");
    for (const status of ["PENDING_REVIEW", "APPROVED", "SENT"]) {
      await t.db.draft.create({ data: { visitorId: v.id, templateVersionId: tpl.versions[0].id, subjectVariantId: tpl.variants[0].id, subject: "s", body: "b", score: 1, tier: "LOW", fingerprint: status, status } });
    }
    await unsubscribe(t.db, v.id, unsubscribeToken(v.id), "link");
    const statuses = (await t.db.draft.findMany({ where: { visitorId: v.id }, select: { status: true } })).map((d) => d.status).sort();
    expect(statuses).toEqual(["DROPPED", "DROPPED", "SENT"]);
  });

  it("suppresses the address at once, is idempotent and audited", async () => {
    const v = await visitor("lee@unsub.example");
    expect(await unsubscribe(t.db, v.id, unsubscribeToken(v.id), "one-click")).toEqual({ ok: true, already: false });
    expect(await isSuppressed(t.db, "LEE@unsub.example ")).toBe(true);
    expect(await unsubscribe(t.db, v.id, unsubscribeToken(v.id), "link")).toEqual({ ok: true, already: true });
    expect(await t.db.auditLog.count({ where: { action: "contact.unsubscribe", subjectId: v.id } })).toBe(2);
    // only a keyed hash is stored, never the address
    expect(JSON.stringify(await t.db.suppression.findMany())).not.toContain("lee@unsub.example");
  });

  it.each([
    ["an altered token", (id: string) => [id, `${unsubscribeToken(id).slice(0, -2)}xx`]],
    ["another contact's token", (id: string) => [id, unsubscribeToken(`${id}x`)]],
    ["an empty token", (id: string) => [id, ""]],
    ["an unknown contact", () => ["nobody", unsubscribeToken("nobody")]],
  ] as const)("refuses %s and changes nothing", async (_n, make) => {
    const v = await visitor(`x${Math.random()}@unsub.example`);
    const [id, token] = make(v.id);
    const before = [await t.db.suppression.count(), await t.db.auditLog.count()];
    expect(await unsubscribe(t.db, id, token, "one-click")).toEqual({ ok: false, reason: "INVALID_LINK" });
    expect([await t.db.suppression.count(), await t.db.auditLog.count()]).toEqual(before);
  });
});
