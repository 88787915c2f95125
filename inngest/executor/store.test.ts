import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { Store } from "./store";

// The executor's own connection must neither block the event loop nor deadlock while a Prisma
// transaction of the same process holds SQLite's write lock and awaits something.
let t: TestDb;
let store: Store;

beforeAll(async () => {
  t = await createTestDb();
  store = new Store(t.file);
});
afterAll(async () => {
  store?.close();
  await t?.cleanup();
});

it("waits (asynchronously) for an in-process Prisma transaction holding the lock, then commits", async () => {
  // SQLite: any write takes the database's write lock. PostgreSQL: the row's lock. Both: the same row.
  await t.db.execCronTick.create({ data: { functionId: "shared", at: 1, runId: "" } });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const lockTaken = new Promise<void>((r) => (locked = r));
  const prismaTx = t.db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE "ExecCronTick" SET "runId" = 'prisma' WHERE "functionId" = 'shared' AND "at" = 1`;
    locked();
    await held; // the lock stays taken while this transaction awaits
  }, { timeout: 20_000, maxWait: 20_000 });
  await lockTaken;

  let committed = false;
  const ours = store.tx(() => {
    store.sql.setCronTickRun.run("executor", "shared", 1);
    committed = true;
  });
  // The event loop still runs (we get here) and our transaction has not gone through the lock.
  await new Promise((r) => setTimeout(r, 100));
  expect(committed).toBe(false);
  release();
  await prismaTx;
  await ours;
  expect(committed).toBe(true);
  const row = await t.db.execCronTick.findUniqueOrThrow({ where: { functionId_at: { functionId: "shared", at: 1 } }, select: { runId: true } });
  expect(row.runId).toBe("executor");
});

it("rolls a transaction back entirely when its function throws", async () => {
  await expect(store.tx(() => {
    store.sql.claimCronTick.run("rolled-back", 3);
    throw new Error("boom");
  })).rejects.toThrow("boom");
  expect(await t.db.execCronTick.count({ where: { functionId: "rolled-back" } })).toBe(0);
});
