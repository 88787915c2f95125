import type { Db } from "@/server/db/client";
import { writerFor, type SqliteWriter } from "@/server/db/sqlite-writer";
import { conflict, DomainError, notFound, preconditionFailed } from "@/server/domain/errors";
import { sourcesOf, type DraftStatus } from "@/server/domain/draft-status";
import type { Actor } from "@/server/domain/roles";
import { record } from "@/server/features/audit/audit.service";
import { recordSync } from "@/server/features/audit/audit.sql";
import { countReviewSync } from "@/server/features/metrics/rollup.sql";
import { killSwitches } from "@/server/features/settings/settings.service";
import { logger } from "@/server/logger";
import * as repo from "./approvals.repository";
import type { PendingFilter } from "./approvals.schemas";
import * as sql from "./decide.sql";
import { checkEdit } from "./edit-check";

export async function listPending(db: Db, opts: { cursor?: string | null; limit: number; filter?: PendingFilter }, now = new Date()) {
  const [r, switches] = await Promise.all([repo.listPending(db, { ...opts, filter: opts.filter ?? {}, now }), killSwitches(db)]);
  const page = r.rows.slice(0, opts.limit);
  const tier = (k: string) => r.tierCounts[k] ?? 0;
  return {
    total: r.total,
    nextCursor: r.rows.length > opts.limit ? page[page.length - 1].id : null,
    counts: { all: tier("HOT") + tier("MEDIUM") + tier("LOW"), HOT: tier("HOT"), MEDIUM: tier("MEDIUM"), LOW: tier("LOW"), warm: r.warm, snoozed: r.snoozed },
    templates: r.templates,
    sendingPaused: switches.PAUSE_ALL_SENDS.on,
    items: page.map((d) => ({
      id: d.id,
      version: d.version,
      status: d.status,
      subject: d.subject,
      tier: d.tier,
      score: d.score,
      warm: d.warm,
      createdAt: d.createdAt.toISOString(),
      snoozedUntil: d.snoozedUntil?.toISOString() ?? null,
      recommendation: d.recommendation,
      alertedAt: d.escalatedAt?.toISOString() ?? null,
      templateName: d.templateVersion.template.name,
      companyName: d.visitor.companyName,
      contactName: [d.visitor.firstName, d.visitor.lastName].filter(Boolean).join(" ") || null,
      title: d.visitor.title,
    })),
  };
}

export type Decision =
  | { kind: "APPROVE" }
  | { kind: "APPROVE_EDITED"; subject: string; body: string }
  | { kind: "REJECT"; reasonTag: string; note?: string }
  | { kind: "SNOOZE"; until: Date }
  | { kind: "UNSNOOZE" };

const TARGET: Record<Decision["kind"], DraftStatus> = {
  APPROVE: "APPROVED", APPROVE_EDITED: "APPROVED", REJECT: "REJECTED", SNOOZE: "SNOOZED", UNSNOOZE: "PENDING_REVIEW",
};
/** Where each decision may start from (the status change is one conditional update on these). */
function sources(kind: Decision["kind"]): DraftStatus[] {
  // Re-snoozing a snoozed draft only moves its time; unsnoozing only applies to a snoozed draft.
  if (kind === "SNOOZE") return [...sourcesOf("SNOOZED"), "SNOOZED"];
  if (kind === "UNSNOOZE") return ["SNOOZED"];
  // SENDING -> APPROVED is only the send claim giving a draft back; an approver's decision on a draft
  // that is being sent would record an approval (or an edit) of text other than what goes out.
  return sourcesOf(TARGET[kind]).filter((s) => s !== "SENDING");
}
const REVIEW_KIND: Partial<Record<Decision["kind"], string>> = { APPROVE: "APPROVE", APPROVE_EDITED: "APPROVE_EDITED", REJECT: "REJECT", SNOOZE: "SNOOZE" };
const MAX_SNOOZE_MS = 30 * 86_400_000;

export interface DecideOptions {
  /** Releases an approved draft into the one send path (the router emits draft/approved). */
  onApproved?: (draftId: string, reviewerId: string) => Promise<unknown>;
  now?: Date;
}

/**
 * Records Dani's decision on a draft. The status change is one conditional update (expected
 * version and an allowed source status), so of two approvers acting at once exactly one wins and
 * the other is told who got there first; a terminal draft never changes. The same person repeating
 * the same decision (double click, second tab) gets `already: true` and nothing happens twice.
 *
 * `onApproved` runs after the commit; if it fails, the stuck-approved sweep
 * (inngest/functions/sweep-sends.ts) sends the draft later.
 */
export async function decide(db: Db, actor: Actor, input: { draftId: string; version: number }, decision: Decision, opts: DecideOptions = {}) {
  const now = opts.now ?? new Date();
  let edit: Awaited<ReturnType<typeof checkEdit>> | null = null;
  if (decision.kind === "APPROVE_EDITED") {
    // Re-checked before anything changes: a failing edit is refused and the draft stays as it was.
    edit = await checkEdit(db, input.draftId, decision, now);
    if (!edit.ok) {
      const failed = edit.checks.filter((c) => !c.ok);
      throw preconditionFailed(`The edited e-mail fails its checks: ${failed.map((c) => `${c.check.replace(/_/g, " ")} (${c.detail})`).join("; ")}`, { failed });
    }
  }
  if (decision.kind === "SNOOZE") {
    const ms = decision.until.getTime() - now.getTime();
    if (ms <= 0 || ms > MAX_SNOOZE_MS) throw new DomainError("VALIDATION", "Snooze until a time in the next 30 days.");
  }
  const w = writerFor(db);
  const result = await w.run(() => decideSync(w, actor, input, decision, edit, now));
  if (result.already) return result;
  if (result.status === "APPROVED" && opts.onApproved) {
    await Promise.resolve().then(() => opts.onApproved!(result.draftId, actor.id)).catch((err) => logger.warn({ err, draftId: result.draftId }, "draft/approved emit failed; the sweep will send it"));
  }
  return result;
}

/**
 * One synchronous unit of work on the SqliteWriter (its own connection, prepared statements, group
 * commit; server/db/sqlite-writer.ts): status move, review, roll-up and audit entry commit together
 * or not at all, and the caller hears back only after the COMMIT. A thrown DomainError rolls the
 * unit back to its savepoint (it has written nothing by then anyway).
 */
function decideSync(
  w: SqliteWriter, actor: Actor, input: { draftId: string; version: number }, decision: Decision,
  edit: Awaited<ReturnType<typeof checkEdit>> | null, now: Date,
) {
  const to = TARGET[decision.kind];
  // First statement a write (the unit holds the write lock; on PostgreSQL the draft's row lock).
  const draft = sql.moveDraft(w, {
    draftId: input.draftId, version: input.version, from: sources(decision.kind), to, now,
    decided: to === "APPROVED" || to === "REJECTED",
    snoozedUntil: decision.kind === "SNOOZE" ? decision.until : decision.kind === "UNSNOOZE" ? null : undefined,
  });
  if (!draft) {
    const current = sql.draftStatus(w, input.draftId);
    if (!current) throw notFound("Draft");
    return alreadyOrConflict(w, actor, current, decision);
  }
  const reviewKind = REVIEW_KIND[decision.kind];
  if (reviewKind) {
    sql.insertReview(w, {
      draftId: draft.id, reviewerId: actor.id, decision: reviewKind,
      reasonTag: decision.kind === "REJECT" ? decision.reasonTag : null,
      note: decision.kind === "REJECT" ? (decision.note ?? null) : null,
      editedSubject: decision.kind === "APPROVE_EDITED" ? decision.subject.trim() : null,
      editedBody: decision.kind === "APPROVE_EDITED" ? decision.body.trim() : null,
      diff: edit ? JSON.stringify(edit.diff) : null,
      systemRecommendation: draft.recommendation,
      createdAt: now,
    });
    // Reviews feed the override rate: counted in this transaction, so the scorecards move now.
    countReviewSync(w, { decision: reviewKind, systemRecommendation: draft.recommendation, createdAt: now }, now);
  }
  if (decision.kind === "REJECT") sql.rememberRejection(w, draft, now);
  recordSync(w, {
    actorType: "USER", actorId: actor.id, action: `draft.${decision.kind.toLowerCase()}`, decision: "INFO", subjectType: "draft", subjectId: draft.id,
    evidence: decision.kind === "REJECT" ? { reasonTag: decision.reasonTag }
      : decision.kind === "SNOOZE" ? { until: decision.until.toISOString() }
      : decision.kind === "APPROVE_EDITED" ? { recommendation: draft.recommendation, subjectChanged: !!edit?.diff.subject, linesChanged: edit?.diff.body.filter((o) => o.op !== "same").length ?? 0 }
      : { recommendation: draft.recommendation },
  }, now);
  return { draftId: draft.id, status: to as string, already: false };
}

const label = (s: string) => s.toLowerCase().replace(/_/g, " ");

/** Nothing moved: the same person repeating themselves is fine; anyone else is told who won. */
function alreadyOrConflict(w: SqliteWriter, actor: Actor, draft: { id: string; status: string }, decision: Decision) {
  const last = sql.lastReview(w, draft.id);
  const kind = REVIEW_KIND[decision.kind];
  const sameDecision = (!!kind && last?.decision === kind) || (decision.kind === "APPROVE" && last?.decision === "APPROVE_EDITED");
  const approvedNow = ["APPROVED", "SENDING", "SENT"].includes(draft.status);
  const stillThere = TARGET[decision.kind] === "APPROVED" ? approvedNow : draft.status === TARGET[decision.kind];
  if (last && last.reviewerId === actor.id && sameDecision && stillThere) return { draftId: draft.id, status: draft.status, already: true };
  const by = last && last.reviewerId !== actor.id ? ` by ${last.reviewerName}` : "";
  throw conflict(`This draft was already handled${by}: it is now ${label(draft.status)}. Nothing was changed.`, { status: draft.status });
}

export interface BulkResult {
  draftId: string;
  ok: boolean;
  status: string;
  message: string | null;
}

/**
 * Approves each selected draft as its own decision (each wins or loses on its own version, and each
 * goes through the one send path with every limit), then audits the batch as one CRITICAL action.
 * The decisions are queued together, so the writer commits them as one group (one fsync for the
 * selection, not one each); each is still its own unit (savepoint), run in the order given.
 */
export async function bulkApprove(db: Db, actor: Actor, items: { draftId: string; version: number }[], opts: DecideOptions = {}) {
  let failure: { error: unknown } | null = null;
  const results: BulkResult[] = await Promise.all(items.map(async (item) => {
    try {
      const r = await decide(db, actor, item, { kind: "APPROVE" }, opts);
      return { draftId: item.draftId, ok: true, status: r.status, message: r.already ? "already approved by you" : null };
    } catch (e) {
      if (!(e instanceof DomainError)) failure ??= { error: e };
      const d = e instanceof DomainError ? e : null;
      return { draftId: item.draftId, ok: false, status: (d?.details?.status as string | undefined) ?? d?.code ?? "ERROR", message: d?.message ?? null };
    }
  }));
  if (failure) throw (failure as { error: unknown }).error;
  await record(db, {
    actorType: "USER", actorId: actor.id, action: "draft.bulk_approve", decision: "INFO", riskLevel: "CRITICAL", subjectType: "draft",
    evidence: { requested: items.length, approved: results.filter((r) => r.ok).length, drafts: results.map((r) => ({ id: r.draftId, ok: r.ok })) },
  }, opts.now);
  return { results };
}
