import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FAILURES } from "@/server/domain/sign-in-throttle";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { signIn } from "./sign-in";

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t.cleanup());

describe("signIn", () => {
  it("accepts the right password and never stores it in clear", async () => {
    const u = await createUser(t.db, "APPROVER", { password: "s3cret-pass" });
    const r = await signIn(t.db, { email: u.email.toUpperCase(), password: "s3cret-pass" }, "1.1.1.1");
    expect(r).toMatchObject({ ok: true, user: { id: u.id, role: "APPROVER" } });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id }, select: { passwordHash: true } });
    expect(row.passwordHash).not.toContain("s3cret-pass");
    expect(row.passwordHash).toMatch(/^\$2[aby]\$/);
  });

  it.each([
    [{ email: "not-an-email", password: "x" }],
    [{ email: "a@b.co" }],
    [{ email: "a@b.co", password: "" }],
    [null],
    ["garbage"],
  ])("refuses malformed input %j without touching the database", async (input) => {
    expect(await signIn(t.db, input, "2.2.2.2")).toEqual({ ok: false, reason: "INVALID_INPUT" });
  });

  it("refuses a disabled user even with the right password", async () => {
    const u = await createUser(t.db, "ADMIN", { password: "pw-disabled", disabled: true });
    expect(await signIn(t.db, { email: u.email, password: "pw-disabled" }, "3.3.3.3")).toEqual({ ok: false, reason: "INVALID_CREDENTIALS" });
  });

  it("locks an e-mail after repeated failures, even with the right password afterwards", async () => {
    const u = await createUser(t.db, "VIEWER", { password: "right-one" });
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await signIn(t.db, { email: u.email, password: "wrong" }, `9.9.9.${i}`)).ok).toBe(false);
    }
    expect(await signIn(t.db, { email: u.email, password: "right-one" }, "8.8.8.8")).toEqual({ ok: false, reason: "LOCKED" });
    const later = new Date(Date.now() + 16 * 60_000);
    expect((await signIn(t.db, { email: u.email, password: "right-one" }, "8.8.8.8", later)).ok).toBe(true);
  });

  it("locks a client address that guesses across many e-mails", async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await signIn(t.db, { email: `nobody${i}@x.example`, password: "p" }, "6.6.6.6");
    const u = await createUser(t.db, "VIEWER", { password: "fine" });
    expect(await signIn(t.db, { email: u.email, password: "fine" }, "6.6.6.6")).toEqual({ ok: false, reason: "LOCKED" });
    expect((await signIn(t.db, { email: u.email, password: "fine" }, "7.7.7.7")).ok).toBe(true);
  });
});
