import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { loadUser } from "./init";
import { createCaller } from "./root";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

async function callerFor(userId: string) {
  return createCaller({ db: t.db, user: await loadUser(t.db, userId), requestId: "t" });
}

describe("the role is re-read from the database on every call", () => {
  it("a demotion takes effect on the next call, with the same session", async () => {
    const admin = await createUser(t.db, "ADMIN");
    await createUser(t.db, "ADMIN");
    expect(await (await callerFor(admin.id)).users.list()).toBeInstanceOf(Array);
    await t.db.user.update({ where: { id: admin.id }, data: { role: "VIEWER" } });
    await expect((await callerFor(admin.id)).users.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a disabled user counts as signed out", async () => {
    const u = await createUser(t.db, "APPROVER");
    await t.db.user.update({ where: { id: u.id }, data: { disabled: true } });
    const err = await (await callerFor(u.id)).me.get().catch((e) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe("UNAUTHORIZED");
  });

  it("the last active admin cannot be demoted or disabled", async () => {
    const only = await t.db.user.findMany({ where: { role: "ADMIN", disabled: false }, select: { id: true } });
    for (const a of only.slice(1)) await t.db.user.update({ where: { id: a.id }, data: { disabled: true } });
    const caller = await callerFor(only[0].id);
    await expect(caller.users.update({ id: only[0].id, role: "VIEWER" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(caller.users.update({ id: only[0].id, disabled: true })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("role changes are audited", async () => {
    const admin = await createUser(t.db, "ADMIN");
    const target = await createUser(t.db, "VIEWER");
    await (await callerFor(admin.id)).users.update({ id: target.id, role: "APPROVER" });
    const entry = await t.db.auditLog.findFirst({ where: { action: "user.update", subjectId: target.id }, select: { evidence: true, actorId: true } });
    expect(entry?.actorId).toBe(admin.id);
    expect(JSON.parse(entry!.evidence)).toMatchObject({ role: { from: "VIEWER", to: "APPROVER" } });
  });
});
