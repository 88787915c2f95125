import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, onPostgres, type TestDb } from "@/server/testing/test-db";

// The WAL sync goes through node:fs's fdatasync; the tests hold it to see who waits for it.
const syncs = vi.hoisted(() => ({ calls: 0, hold: null as null | ((release: (e?: Error) => void) => void) }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const fdatasync = (fd: number, cb: (e: NodeJS.ErrnoException | null) => void) => {
    syncs.calls++;
    if (syncs.hold) syncs.hold((e) => (e ? cb(e) : fs.fdatasync(fd, cb)));
    else fs.fdatasync(fd, cb);
  };
  return { ...fs, default: { ...fs, fdatasync }, fdatasync };
});

const { writerFor } = await import("./sqlite-writer");

describe.skipIf(onPostgres)("SqliteWriter on SQLite: durable before anyone hears of it, without blocking on the sync", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.cleanup());

  const insert = (w: ReturnType<typeof writerFor>, key: string) => () =>
    w.prepare(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (?, '1', ?)`).run(key, new Date().toISOString()).changes;
  const seenByAnotherConnection = (key: string) => {
    const other = new Database(t.file, { readonly: true });
    try {
      return other.prepare(`SELECT count(*) AS n FROM "Setting" WHERE "key" = ?`).get(key) as { n: number };
    } finally {
      other.close();
    }
  };

  it("keeps the savepoint journal of each unit in memory (temp_store=MEMORY), not in a temporary file", () => {
    // 2 = MEMORY. With the default (a file), a delivery's savepoint cost ~45 µs more (bench/intake.ts).
    expect(writerFor(t.db).conn.prepare("PRAGMA temp_store").pluck().get()).toBe(2);
  });

  it("commits with synchronous=NORMAL and resolves a unit only once the WAL sync for its batch is done", async () => {
    const w = writerFor(t.db);
    expect(w.conn.prepare("PRAGMA synchronous").pluck().get()).toBe(1); // NORMAL: the writer syncs itself
    let release!: (e?: Error) => void;
    const held = new Promise<void>((r) => {
      syncs.hold = (go) => {
        release = go;
        r();
      };
    });
    let done = false;
    const unit = w.run(insert(w, "writer-test-a")).then((v) => {
      done = true;
      return v;
    });
    await held;
    // Committed (another connection sees it) but not yet durable: nobody has been told.
    expect(seenByAnotherConnection("writer-test-a").n).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    syncs.hold = null;
    release();
    await expect(unit).resolves.toBe(1);
  });

  it("one sync for a whole batch of units", async () => {
    const w = writerFor(t.db);
    const before = syncs.calls;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => w.run(insert(w, `writer-test-batch-${i}`))));
    expect(results).toEqual(Array(20).fill(1));
    expect(syncs.calls - before).toBe(1);
  });

  it("a failed sync fails every unit of its batch (committed, but not known to be on disk): callers fail closed", async () => {
    const w = writerFor(t.db);
    syncs.hold = (go) => go(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
    try {
      const outcomes = await Promise.allSettled([w.run(insert(w, "writer-test-eio-1")), w.run(insert(w, "writer-test-eio-2"))]);
      expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    } finally {
      syncs.hold = null;
    }
    // The writer goes on: the next unit commits and is synced normally.
    await expect(w.run(insert(w, "writer-test-after-eio"))).resolves.toBe(1);
  });
});
