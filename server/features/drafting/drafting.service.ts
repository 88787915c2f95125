import type { Db } from "@/server/db/client";
import { LIVE } from "@/server/domain/draft-status";
import { fingerprint } from "@/server/domain/fingerprint";
import { runChecks, type CheckResult } from "@/server/domain/quality-checks";
import { writerFor } from "@/server/db/sqlite-writer";
import { recordSync } from "@/server/features/audit/audit.sql";
import type { Fact, Profile } from "@/server/features/visitors/profile";
import { readProfile, storeScore } from "@/server/features/visitors/profile.sql";
import { scoreProfile, scoringConfigSync } from "@/server/features/visitors/scoring.service";
import { emailHash } from "@/server/features/suppression/suppression.service";
import * as sql from "./drafting.sql";
import { logger } from "@/server/logger";
import { render } from "./render";
import { candidates } from "./select-template";

export const REJECTION_MEMORY_DAYS = 30;
/**
 * "This lead already has an e-mail": do not draft another. A live draft (still to be reviewed,
 * snoozed, approved or being sent) blocks however old it is — a second one could be approved and
 * sent beside it; a SENT one blocks for REJECTION_MEMORY_DAYS.
 */
const RECENT_STATUSES = ["SENT"];

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
  // Reads and the write go through the SqliteWriter (drafting.sql.ts): plain SQL instead of ~20
  // Prisma queries per draft. Only the template candidates (and the learner's ranking) use Prisma.
  const w = writerFor(db);
  if (opts.originKey) {
    const prior = w.read(() => sql.draftByOrigin(w, opts.originKey!));
    if (prior) return prior;
  }
  const since = new Date(now.getTime() - REJECTION_MEMORY_DAYS * 86_400_000);
  const read = w.read(() => {
    const profile = readProfile(w, visitorId);
    return profile ? { profile, config: scoringConfigSync(w), rejected: sql.rejectedFingerprints(w, profile.visitor.identityKey, since) } : null;
  });
  if (!read) return { kind: "skipped", reason: "visitor not found" };
  const { profile, config, rejected } = read;
  const v = profile.visitor;
  if (v.erasedAt) return { kind: "skipped", reason: "visitor erased" };
  if (v.isCompanyOnly) return { kind: "skipped", reason: "company-only profile (no person to write to)" };
  // The score from everything known now (Clay's answer included) is stored whatever happens next:
  // with the draft (below), or on its own when no draft is made (the workflow has no separate re-score step).
  const scored = scoreProfile(profile, config);
  const skip = async (reason: string): Promise<DraftOutcome> => {
    await w.run(() => storeScore(w, visitorId, scored));
    return { kind: "skipped", reason };
  };
  if (scored.excluded) return skip("excluded domain");
  const email = profile.email;
  if (!email) return skip("no e-mail address");

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
        const verdict = runChecks({ subject: subject.text, body: body.text, fingerprint: fp, rejectedFingerprints: rejected });
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
  if (!pick) return skip("no template could be rendered from grounded facts");

  const status = chosen ? "DRAFTED" : "DROPPED";
  const failed = pick.checks.filter((c) => !c.ok).map((c) => c.check);
  // One unit of work (one commit): score, the one-live-draft check, the draft and its audit entry.
  const create = () => w.run(() => {
    // First statement is a write: takes the lock so two runs for one visitor cannot both draft.
    storeScore(w, visitorId, scored);
    if (sql.hasBlockingDraft(w, visitorId, { live: LIVE, recent: RECENT_STATUSES, since })) return null;
    const draftId = sql.insertDraft(w, {
      visitorId, templateVersionId: pick.templateVersionId, subjectVariantId: pick.subjectVariantId,
      subject: pick.subject, body: pick.body, score: scored.score, tier: scored.tier, warm: scored.warm,
      scoreBreakdown: JSON.stringify(scored.breakdown), evidence: JSON.stringify(pick.evidence),
      qualityChecks: JSON.stringify(pick.checks), fingerprint: pick.fingerprint, status,
      recommendation: status === "DROPPED" ? "DROP" : null, recommendationReason: status === "DROPPED" ? `quality checks failed: ${failed.join(", ")}` : null,
      decidedAt: status === "DROPPED" ? now : null, createdAt: now, originKey: opts.originKey ?? null,
      recipientHash: emailHash(email), // the address this e-mail is written for (sendDraft sends only to it)
    });
    recordSync(w, {
      actorType: "AGENT", agent: "CRAFTER", action: "draft.create", decision: chosen ? "ALLOW" : "DENY", riskLevel: "MEDIUM",
      reason: chosen ? null : `quality checks failed: ${failed.join(", ")}`, subjectType: "draft", subjectId: draftId,
      evidence: { tier: scored.tier, score: scored.score, facts: pick.evidence.map((f) => ({ field: f.field, source: f.source, dataId: f.dataId, verifiedAt: f.verifiedAt })) },
    }, now);
    return { id: draftId };
  });
  let result: Awaited<ReturnType<typeof create>>;
  try {
    result = await create();
  } catch (e) {
    // The same step running twice at once (an expired lease): the unique origin key let one in.
    const prior = opts.originKey && isUniqueViolation(e) ? w.read(() => sql.draftByOrigin(w, opts.originKey!)) : null;
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
