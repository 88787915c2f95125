import type { Db } from "@/server/db/client";
import { GENESIS_HASH, verifyChain, type ChainVerdict } from "@/server/domain/audit-chain";
import * as repo from "./audit.repository";
import { auditEntryInput, type AuditEntryInput } from "./audit.schemas";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

function toContent(input: AuditEntryInput, now: Date) {
  const e = auditEntryInput.parse(input);
  return {
    at: now,
    actorType: e.actorType,
    actorId: e.actorId ?? null,
    agent: e.agent ?? null,
    action: e.action,
    decision: e.decision,
    riskLevel: e.riskLevel ?? null,
    reason: e.reason ?? null,
    subjectType: e.subjectType ?? null,
    subjectId: e.subjectId ?? null,
    evidence: JSON.stringify(e.evidence),
  };
}

/** Records an entry as part of a larger transaction (the entry commits or rolls back with it). */
export function recordInTx(tx: Tx, input: AuditEntryInput, now = new Date()) {
  return repo.appendInTx(tx, toContent(input, now));
}

/** Records an entry in its own transaction. */
export function record(db: Db, input: AuditEntryInput, now = new Date()) {
  return db.$transaction((tx) => repo.appendInTx(tx, toContent(input, now)));
}

export type FullVerdict = ChainVerdict | { ok: false; checked: number; brokenAtSeq: number; problem: "HEAD" };

/** Walks the whole chain and checks that it ends at the stored head (which catches truncation). */
export async function verify(db: Db): Promise<FullVerdict> {
  let state = { prevHash: GENESIS_HASH, seq: 0 };
  for await (const batch of repo.batches(db)) {
    const v = verifyChain(batch, state);
    if (!v.ok) return { ...v, checked: state.seq + v.checked };
    state = { prevHash: v.headHash, seq: state.seq + v.checked };
  }
  const h = await repo.head(db);
  const headSeq = h?.lastSeq ?? 0;
  if (headSeq !== state.seq || (h && h.lastHash !== state.prevHash)) {
    return { ok: false, checked: state.seq, brokenAtSeq: Math.min(headSeq, state.seq) + 1, problem: "HEAD" };
  }
  return { ok: true, checked: state.seq, headHash: state.prevHash };
}

export async function list(db: Db, opts: { cursor?: number | null; limit: number; action?: string; decision?: string }) {
  const rows = await repo.list(db, opts);
  const page = rows.slice(0, opts.limit);
  return {
    rows: page.map((r) => ({ ...r, at: r.at.toISOString() })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1].seq : null,
  };
}
