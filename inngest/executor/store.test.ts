import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, onPostgres, type TestDb } from "@/server/testing/test-db";
import { isoTime, Store, type QueueRow } from "./store";

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

// PostgreSQL: several executors may share the database; each takes due items FOR UPDATE SKIP LOCKED,
// so a second executor's due query, run while the first holds its candidates, sees only the others.
// (SQLite has one writer at a time: there the second executor cannot even begin until the first commits.)
it.skipIf(!onPostgres)("a second executor's due query skips the items the first one is leasing", async () => {
  const other = new Store(t.file);
  try {
    const now = Date.now();
    await store.tx(() => {
      store.sql.insertEvent.run("ev-skip", null, "t/skip", "{}", now, isoTime(now));
      for (let i = 0; i < 6; i++) {
        store.sql.insertRun.run(`run-skip-${i}`, "fn-skip", "ev-skip", "[]", isoTime(now));
        store.sql.insertItem.run({ id: `item-skip-${i}`, runId: `run-skip-${i}`, kind: "CALL", stepId: "step", attempt: 0, availableAt: now - 1000 + i, payload: "{}", createdAt: isoTime(now) });
      }
    });
    let firstIds: string[] = [];
    let secondIds: string[] = [];
    await store.tx(() => {
      firstIds = (store.sql.due.all({ now, limit: 3 }) as QueueRow[]).map((r) => r.id);
      // The other executor, on its own connection, while this transaction holds its three rows.
      secondIds = (other.sql.due.all({ now, limit: 10 }) as QueueRow[]).map((r) => r.id);
    });
    expect(firstIds).toEqual(["item-skip-0", "item-skip-1", "item-skip-2"]);
    expect(secondIds).toEqual(["item-skip-3", "item-skip-4", "item-skip-5"]);
  } finally {
    other.close();
  }
});
