import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/server/db/client";
import { createTestDb, onPostgres } from "@/server/testing/test-db";
import { record, verify } from "./audit.service";

/**
 * PROPERTY on a real database file: whatever single act of tampering an attacker with file access
 * commits on ANY row of the chain — any column changed, one row or a run of rows deleted, two rows
 * swapped, a row moved to the end — chain verification reports it. (A rewrite of every later row
 * AND the head row is out of reach of any hash chain without an external anchor.)
 */
const ROWS = 12;
const COLUMNS = ["at", "actorType", "actorId", "agent", "action", "decision", "riskLevel", "reason", "subjectType", "subjectId", "evidence", "prevHash", "hash"] as const;

let dir: string;
let template: string;

beforeAll(async () => {
  if (onPostgres) return;
  const t = await createTestDb();
  for (let i = 0; i < ROWS; i++) {
    await record(t.db, {
      actorType: i % 3 ? "AGENT" : "USER", actorId: i % 3 ? null : `u${i}`, agent: i % 3 ? "OPERATOR" : null, action: i % 2 ? "email.send" : "draft.approve",
      decision: ["ALLOW", "DENY", "INFO"][i % 3] as "ALLOW", riskLevel: "HIGH", reason: i % 4 ? null : "because", subjectType: "draft", subjectId: `d${i}`, evidence: { i },
    }, new Date(Date.UTC(2026, 10, 24, 10, i)));
  }
  expect(await verify(t.db)).toMatchObject({ ok: true, checked: ROWS });
  dir = mkdtempSync(path.join(os.tmpdir(), "caio-tamper-"));
  template = path.join(dir, "chain.db");
  const raw = new Database(t.file);
  await raw.backup(template); // a consistent single-file copy (WAL folded in)
  raw.close();
  await t.cleanup();
}, 60_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Tamper =
  | { kind: "change"; seq: number; column: (typeof COLUMNS)[number]; text: string }
  | { kind: "delete"; seq: number; count: number }
  | { kind: "swap"; a: number; b: number }
  | { kind: "moveToEnd"; seq: number };

const seqArb = fc.integer({ min: 1, max: ROWS });
const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({ kind: fc.constant("change" as const), seq: seqArb, column: fc.constantFrom(...COLUMNS), text: fc.string({ minLength: 1, maxLength: 20 }) }),
  fc.record({ kind: fc.constant("delete" as const), seq: seqArb, count: fc.integer({ min: 1, max: 3 }) }),
  fc.tuple(seqArb, seqArb).filter(([a, b]) => a !== b).map(([a, b]) => ({ kind: "swap" as const, a, b })),
  fc.record({ kind: fc.constant("moveToEnd" as const), seq: fc.integer({ min: 1, max: ROWS - 1 }) }),
);

function apply(file: string, t: Tamper): void {
  const db = new Database(file);
  try {
    if (t.kind === "change") {
      const old = (db.prepare(`SELECT "${t.column}" AS v FROM AuditLog WHERE seq = ?`).get(t.seq) as { v: string | null }).v;
      let next: string = t.text;
      if (t.column === "at") {
        // A well-formed but different time, in the format the row already uses.
        const shifted = new Date(Date.parse(String(old)) + 1000 * (1 + t.text.length)).toISOString();
        next = String(old).endsWith("Z") ? shifted : shifted.replace("Z", "+00:00");
      } else if (t.column === "evidence") {
        next = JSON.stringify({ forged: t.text });
      }
      if (next === old) next = `${next}!`;
      db.prepare(`UPDATE AuditLog SET "${t.column}" = ? WHERE seq = ?`).run(next, t.seq);
    } else if (t.kind === "delete") {
      db.prepare(`DELETE FROM AuditLog WHERE seq >= ? AND seq < ?`).run(t.seq, t.seq + t.count);
    } else if (t.kind === "swap") {
      db.exec(`UPDATE AuditLog SET seq = -1 WHERE seq = ${t.a}; UPDATE AuditLog SET seq = ${t.a} WHERE seq = ${t.b}; UPDATE AuditLog SET seq = ${t.b} WHERE seq = -1`);
    } else {
      db.prepare(`UPDATE AuditLog SET seq = (SELECT max(seq) + 1 FROM AuditLog) WHERE seq = ?`).run(t.seq);
    }
  } finally {
    db.close();
  }
}

// SQLite only: each case tampers with its own copy of one database file. The verification reads rows
// the same way on PostgreSQL (audit.service.test.ts runs there too).
describe.skipIf(onPostgres)("audit chain tampering on a real database (property)", () => {
  it("detects any changed column, deleted rows, swapped rows or a row moved, on any row", async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(tamperArb, async (t) => {
      const file = path.join(dir, `case-${n++}.db`);
      copyFileSync(template, file);
      apply(file, t);
      const db = createDb(`file:${file}`);
      try {
        const verdict = await verify(db);
        expect(verdict.ok, JSON.stringify(t)).toBe(false);
      } finally {
        await db.$disconnect();
        rmSync(file, { force: true });
      }
    }), { numRuns: 150 });
    // The untouched copy still verifies: the property is about the tampering, not the copying.
    const clean = path.join(dir, "clean.db");
    copyFileSync(template, clean);
    const db = createDb(`file:${clean}`);
    expect(await verify(db)).toMatchObject({ ok: true, checked: ROWS });
    await db.$disconnect();
  }, 120_000);
});
