import { createHash } from "node:crypto";

/** The hash of the (empty) chain's start. */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditEntryContent {
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  agent: string | null;
  action: string;
  decision: string;
  riskLevel: string | null;
  reason: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** JSON text, stored as written. */
  evidence: string;
}

export interface AuditRow extends AuditEntryContent {
  prevHash: string;
  hash: string;
}

/** sha256 over the previous hash and a fixed-order serialisation of every content field. */
export function entryHash(prevHash: string, e: AuditEntryContent): string {
  const fields = [
    e.seq, e.at.toISOString(), e.actorType, e.actorId, e.agent, e.action, e.decision,
    e.riskLevel, e.reason, e.subjectType, e.subjectId, e.evidence,
  ];
  return createHash("sha256").update(prevHash).update("\n").update(JSON.stringify(fields)).digest("hex");
}

export type ChainVerdict =
  | { ok: true; checked: number; headHash: string }
  | { ok: false; checked: number; brokenAtSeq: number; problem: "GAP" | "PREV_HASH" | "HASH" };

/**
 * Verifies rows in ascending seq order, starting from `startPrevHash` (GENESIS for the whole chain).
 * Detects a changed row (HASH), a deleted or reordered row (GAP / PREV_HASH).
 */
export function verifyChain(rows: Iterable<AuditRow>, start = { prevHash: GENESIS_HASH, seq: 0 }): ChainVerdict {
  let prevHash = start.prevHash;
  let expectedSeq = start.seq + 1;
  let checked = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, checked, brokenAtSeq: row.seq, problem: "GAP" };
    if (row.prevHash !== prevHash) return { ok: false, checked, brokenAtSeq: row.seq, problem: "PREV_HASH" };
    if (entryHash(prevHash, row) !== row.hash) return { ok: false, checked, brokenAtSeq: row.seq, problem: "HASH" };
    prevHash = row.hash;
    expectedSeq++;
    checked++;
  }
  return { ok: true, checked, headHash: prevHash };
}
