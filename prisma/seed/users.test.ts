import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/auth/passwords";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { SEED_USERS, seedUsers } from "./users";

const VARS = SEED_USERS.map((u) => u.passwordEnv);
let t: TestDb;
let saved: Record<string, string | undefined>;
beforeEach(async () => {
  t = await createTestDb();
  saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  for (const k of VARS) delete process.env[k];
});
afterEach(async () => {
  for (const k of VARS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await t.cleanup();
});

describe("seeded users", () => {
  it("refuses a SEED_*_PASSWORD shorter than 8 characters, naming it, and writes no user", async () => {
    process.env.SEED_APPROVER_PASSWORD = "long-enough-password";
    process.env.SEED_VIEWER_PASSWORD = "short";
    await expect(seedUsers(t.db)).rejects.toThrow(/SEED_VIEWER_PASSWORD must be at least 8 characters/);
    expect(await t.db.user.count({ where: { email: { in: SEED_USERS.map((u) => u.email) } } })).toBe(0);
  });

  it("uses a password from the environment as given, and generates (and returns once) the others", async () => {
    process.env.SEED_APPROVER_PASSWORD = "dani-password-1";
    const out = await seedUsers(t.db);
    const dani = out.find((u) => u.role === "APPROVER")!;
    expect(dani).toMatchObject({ created: true, password: null });
    const { passwordHash } = await t.db.user.findUniqueOrThrow({ where: { email: dani.email }, select: { passwordHash: true } });
    expect(await verifyPassword("dani-password-1", passwordHash)).toBe(true);
    for (const u of out.filter((x) => x.role !== "APPROVER")) expect(u.password).toMatch(/^[\w-]{16}$/);
  });
});
