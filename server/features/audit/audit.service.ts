import type { Db } from "@/server/db/client";
import { retryBusy } from "@/server/db/busy-retry";
import { GENESIS_HASH, verifyChain, type ChainVerdict } from "@/server/domain/audit-chain";
import * as repo from "./audit.repository";
import { stringify } from "csv-stringify/sync";
import { auditEntryInput, type AuditEntryInput, type AuditFilter } from "./audit.schemas";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The stored content of an entry (validated input, evidence as JSON text). */
export function toContent(input: AuditEntryInput, now: Date) {
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
  const content = toContent(input, now);
  return retryBusy(() => db.$transaction((tx) => repo.appendInTx(tx, content)));
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

export async function list(db: Db, opts: AuditFilter & { cursor?: number | null; limit: number }) {
  const rows = await repo.list(db, opts);
  const page = rows.slice(0, opts.limit);
  // A person's entries show their name (one lookup for the page), not just "user".
  const ids = [...new Set(page.map((r) => r.actorId).filter((id): id is string => !!id))];
  const names = new Map(ids.length ? (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]) : []);
  return {
    rows: page.map((r) => ({ ...r, at: r.at.toISOString(), actorName: r.actorId ? names.get(r.actorId) ?? null : null })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1].seq : null,
  };
}

const LAST_VERIFICATION_KEY = "auditLastVerification";

/** Verifies the whole chain and keeps the verdict, so everyone sees when it was last checked and how it went. */
export async function verifyAndRecord(db: Db, actor: { id: string } | null, now = new Date()) {
  const v = await verify(db);
  const value = JSON.stringify({ ok: v.ok, checked: v.checked, at: now.toISOString(), brokenAtSeq: v.ok ? null : v.brokenAtSeq, problem: v.ok ? null : v.problem });
  await db.setting.upsert({ where: { key: LAST_VERIFICATION_KEY }, create: { key: LAST_VERIFICATION_KEY, value, updatedBy: actor?.id ?? null }, update: { value, updatedBy: actor?.id ?? null } });
  await record(db, {
    actorType: actor ? "USER" : "SYSTEM", actorId: actor?.id ?? null, action: "audit.verify", decision: v.ok ? "INFO" : "DENY",
    riskLevel: v.ok ? "LOW" : "CRITICAL", evidence: JSON.parse(value),
  });
  return v;
}

export async function lastVerification(db: Db) {
  const row = await db.setting.findUnique({ where: { key: LAST_VERIFICATION_KEY }, select: { value: true } });
  return row ? (JSON.parse(row.value) as { ok: boolean; checked: number; at: string; brokenAtSeq: number | null; problem: string | null }) : null;
}

/** The filtered trail as CSV, newest first, capped so an export cannot exhaust the server. */
export async function exportCsv(db: Db, filter: AuditFilter, max = 50_000) {
  const rows = await db.auditLog.findMany({ where: repo.whereOf(filter), orderBy: { seq: "desc" }, take: max });
  const csv = stringify(
    rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    { header: true, columns: ["seq", "at", "actorType", "actorId", "agent", "action", "decision", "riskLevel", "reason", "subjectType", "subjectId", "evidence", "prevHash", "hash"] },
  );
  return { filename: `audit-${new Date().toISOString().slice(0, 10)}.csv`, csv, truncated: rows.length === max };
}
