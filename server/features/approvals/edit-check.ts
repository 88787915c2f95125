import type { Db } from "@/server/db/client";
import { fingerprint } from "@/server/domain/fingerprint";
import { lineDiff, type DiffOp } from "@/server/domain/line-diff";
import { runChecks, type CheckResult } from "@/server/domain/quality-checks";
import { notFound } from "@/server/domain/errors";
import { composeDraft, type ComposedEmail } from "@/server/features/drafting/compose-email";
import { REJECTION_MEMORY_DAYS } from "@/server/features/drafting/drafting.service";

export interface EditVerdict {
  ok: boolean;
  checks: CheckResult[];
  /** The edited e-mail composed by the one composer (null if it could not be composed: fails closed). */
  composed: ComposedEmail | null;
  fingerprint: string;
  diff: { subject: { from: string; to: string } | null; body: DiffOp[] };
}

/**
 * Re-checks an approver's edit with the same quality checks a draft passes when it is made
 * (including "not a near-copy of a draft rejected for this lead") and composes it exactly as it
 * would be sent. Fails closed: a check that throws or a compose that fails means not ok.
 */
export async function checkEdit(db: Db, draftId: string, edit: { subject: string; body: string }, now = new Date()): Promise<EditVerdict> {
  const draft = await db.draft.findUnique({ where: { id: draftId }, select: { subject: true, body: true, visitor: { select: { identityKey: true } } } });
  if (!draft) throw notFound("Draft");
  const subject = edit.subject.trim();
  const body = edit.body.trim();
  const since = new Date(now.getTime() - REJECTION_MEMORY_DAYS * 86_400_000);
  const rejected = await db.rejectionMemory.findMany({
    where: { identityKey: draft.visitor.identityKey, createdAt: { gte: since } }, select: { fingerprint: true },
  });
  const fp = fingerprint(`${subject}\n${body}`);
  const verdict = runChecks({ subject, body, fingerprint: fp, rejectedFingerprints: rejected.map((r) => r.fingerprint) });
  let composed: ComposedEmail | null = null;
  const checks = [...verdict.results];
  try {
    composed = await composeDraft(db, draftId, { subject, body });
  } catch (e) {
    checks.push({ check: "composes", ok: false, detail: `the e-mail could not be composed: ${(e as Error)?.message ?? "error"}` });
  }
  return {
    ok: verdict.ok && composed !== null && checks.every((c) => c.ok),
    checks,
    composed,
    fingerprint: fp,
    diff: { subject: subject === draft.subject ? null : { from: draft.subject, to: subject }, body: lineDiff(draft.body, body) },
  };
}
