import type { Db } from "@/server/db/client";
import { fingerprint } from "@/server/domain/fingerprint";
import { runChecks, type CheckResult } from "@/server/domain/quality-checks";
import { recordInTx } from "@/server/features/audit/audit.service";
import { loadProfile, type Fact, type Profile } from "@/server/features/visitors/profile";
import { scoreProfile, scoringConfig } from "@/server/features/visitors/scoring.service";
import { logger } from "@/server/logger";
import { render } from "./render";
import { candidates } from "./select-template";

export const REJECTION_MEMORY_DAYS = 30;
/** Statuses that mean "this lead already has a live or recent e-mail": do not draft another. */
const BLOCKING_STATUSES = ["DRAFTED", "PENDING_REVIEW", "SNOOZED", "APPROVED", "SENDING", "SENT"];

export type DraftOutcome =
  | { kind: "drafted"; draftId: string; tier: string; warm: boolean }
  | { kind: "blocked"; draftId: string; failed: string[] }
  | { kind: "skipped"; reason: string };

function pageFact(p: Profile, signal: string | undefined, patterns: Map<string, string[]>): Fact | null {
  if (!signal) return null;
  const pats = patterns.get(signal) ?? [];
  const view = p.pageViews.find((v) => pats.some((x) => v.url.toLowerCase().includes(x.toLowerCase())));
  if (!view) return null;
  return { field: "pageTopic", value: signal.replace(/_/g, " "), source: "website", dataId: view.id, verifiedAt: view.seenAt.toISOString() };
}

interface Attempt {
  templateVersionId: string;
  subjectVariantId: string;
  subject: string;
  body: string;
  evidence: Fact[];
  checks: CheckResult[];
  ok: boolean;
  fingerprint: string;
}

/**
 * Drafts an e-mail for a visitor from grounded facts only. Tries the deterministic candidates in
 * order and keeps the first that passes every quality check; if none does, the best attempt is
 * stored as DROPPED with its failed checks (visible, never sent).
 *
 * `originKey` names the workflow step drafting (run id + step): when the executor runs the step
 * again, the draft it already made is reported as that step's outcome (so `draft/created` still
 * goes out) instead of being mistaken for another run's draft and skipped.
 */
export async function draftForVisitor(db: Db, visitorId: string, now = new Date(), opts: { originKey?: string } = {}): Promise<DraftOutcome> {
  if (opts.originKey) {
    const prior = await findByOrigin(db, opts.originKey);
    if (prior) return prior;
  }
  const profile = await loadProfile(db, visitorId);
  if (!profile) return { kind: "skipped", reason: "visitor not found" };
  const v = profile.visitor;
  if (v.erasedAt) return { kind: "skipped", reason: "visitor erased" };
  if (v.isCompanyOnly) return { kind: "skipped", reason: "company-only profile (no person to write to)" };
  const config = await scoringConfig(db);
  const scored = scoreProfile(profile, config);
  if (scored.excluded) return { kind: "skipped", reason: "excluded domain" };
  if (!profile.email) return { kind: "skipped", reason: "no e-mail address" };

  const since = new Date(now.getTime() - REJECTION_MEMORY_DAYS * 86_400_000);
  const rejected = await db.rejectionMemory.findMany({ where: { identityKey: v.identityKey, createdAt: { gte: since } }, select: { fingerprint: true } });
  const patterns = new Map(config.pageSignals.map((s) => [s.key, s.patterns]));
  const topPage = pageFact(profile, scored.signals[0], patterns);
  const facts = topPage ? [...profile.facts, topPage] : profile.facts;

  let first: Attempt | null = null;
  let chosen: Attempt | null = null;
  outer: for (const c of await candidates(db, { tier: scored.tier, signals: scored.signals, leadKey: v.identityKey, seniority: scored.seniority, now })) {
    for (const variant of c.variants) {
      let attempt: Attempt;
      try {
        const [subject, body] = await Promise.all([render(variant.subject, facts), render(c.body, facts)]);
        const fp = fingerprint(`${subject.text}\n${body.text}`);
        const verdict = runChecks({ subject: subject.text, body: body.text, fingerprint: fp, rejectedFingerprints: rejected.map((r) => r.fingerprint) });
        const used = new Map([...subject.used, ...body.used].map((f) => [f.field, f]));
        attempt = { templateVersionId: c.versionId, subjectVariantId: variant.id, subject: subject.text, body: body.text, evidence: [...used.values()], checks: verdict.results, ok: verdict.ok, fingerprint: fp };
      } catch (e) {
        // Unknown variable (a fact we do not have), bad syntax, limits: this candidate cannot be grounded.
        logger.debug({ err: e, template: c.templateKey }, "candidate could not be rendered");
        continue;
      }
      first ??= attempt;
      if (attempt.ok) { chosen = attempt; break outer; }
    }
  }
  const pick = chosen ?? first;
  if (!pick) return { kind: "skipped", reason: "no template could be rendered from grounded facts" };

  const status = chosen ? "DRAFTED" : "DROPPED";
  const failed = pick.checks.filter((c) => !c.ok).map((c) => c.check);
  const create = () => db.$transaction(async (tx) => {
    // First statement is a write: takes the lock so two runs for one visitor cannot both draft.
    await tx.visitor.update({ where: { id: visitorId }, data: { score: scored.score, tier: scored.tier, warm: scored.warm, scoreBreakdown: JSON.stringify(scored.breakdown) }, select: { id: true } });
    const existing = await tx.draft.findFirst({ where: { visitorId, status: { in: BLOCKING_STATUSES }, createdAt: { gte: since } }, select: { id: true } });
    if (existing) return null;
    const draft = await tx.draft.create({
      data: {
        visitorId, templateVersionId: pick.templateVersionId, subjectVariantId: pick.subjectVariantId,
        subject: pick.subject, body: pick.body, score: scored.score, tier: scored.tier, warm: scored.warm,
        scoreBreakdown: JSON.stringify(scored.breakdown), evidence: JSON.stringify(pick.evidence),
        qualityChecks: JSON.stringify(pick.checks), fingerprint: pick.fingerprint, status,
        ...(status === "DROPPED" ? { recommendation: "DROP", recommendationReason: `quality checks failed: ${failed.join(", ")}`, decidedAt: now } : {}),
        createdAt: now, originKey: opts.originKey ?? null,
      },
      select: { id: true },
    });
    await recordInTx(tx, {
      actorType: "AGENT", agent: "CRAFTER", action: "draft.create", decision: chosen ? "ALLOW" : "DENY", riskLevel: "MEDIUM",
      reason: chosen ? null : `quality checks failed: ${failed.join(", ")}`, subjectType: "draft", subjectId: draft.id,
      evidence: { tier: scored.tier, score: scored.score, facts: pick.evidence.map((f) => ({ field: f.field, source: f.source, dataId: f.dataId, verifiedAt: f.verifiedAt })) },
    }, now);
    return draft;
  });
  let result: Awaited<ReturnType<typeof create>>;
  try {
    result = await create();
  } catch (e) {
    // The same step running twice at once (an expired lease): the unique origin key let one in.
    const prior = opts.originKey && isUniqueViolation(e) ? await findByOrigin(db, opts.originKey) : null;
    if (prior) return prior;
    throw e;
  }
  if (!result) return { kind: "skipped", reason: "lead already has an active or recent draft" };
  return chosen ? { kind: "drafted", draftId: result.id, tier: scored.tier, warm: scored.warm } : { kind: "blocked", draftId: result.id, failed };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return err?.code === "P2002" || /unique constraint/i.test(err?.message ?? "");
}

/** The outcome of the draft a workflow step already made, as that step first reported it. */
async function findByOrigin(db: Db, originKey: string): Promise<DraftOutcome | null> {
  const d = await db.draft.findUnique({ where: { originKey }, select: { id: true, status: true, tier: true, warm: true, qualityChecks: true } });
  if (!d) return null;
  if (d.status !== "DROPPED") return { kind: "drafted", draftId: d.id, tier: d.tier, warm: d.warm };
  const failed = (JSON.parse(d.qualityChecks) as CheckResult[]).filter((c) => !c.ok).map((c) => c.check);
  return { kind: "blocked", draftId: d.id, failed };
}
