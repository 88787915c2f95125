import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/domain/errors";
import { refineIcp, signalsOf, type SignalEvidence } from "@/server/domain/icp-refinement";
import { SENIORITY_LEVELS } from "@/server/domain/scoring";
import { recordInTx } from "@/server/features/audit/audit.service";
import { get, getMany, update } from "@/server/features/settings/settings.service";
import type { SettingValue } from "@/server/features/settings/settings.schemas";
import { learnerModel, settled } from "./learner-model";

type Weights = SettingValue<"scoringWeights">;
type PageSignals = SettingValue<"pageSignals">;

/** The weight each breakdown signal stands for in the settings (what a proposal would change). */
export function currentWeights(w: Weights, pages: PageSignals): Record<string, number> {
  const out: Record<string, number> = {
    repeat_visits: w.repeatVisitEach, icp_size: w.icpSize, icp_industry: w.icpIndustry, warm_connection: w.warmConnection,
  };
  for (const l of SENIORITY_LEVELS) out[`seniority:${l}`] = w.seniority[l];
  for (const p of pages) out[`page:${p.key}`] = p.points;
  return out;
}

/** Applies per-signal weights to settings values; signals the settings do not know are left out. */
export function applyWeights(w: Weights, pages: PageSignals, changes: Record<string, number>): { scoringWeights: Weights; pageSignals: PageSignals } {
  const next: Weights = structuredClone(w);
  const nextPages: PageSignals = structuredClone(pages);
  for (const [signal, v] of Object.entries(changes)) {
    if (signal === "repeat_visits") next.repeatVisitEach = v;
    else if (signal === "icp_size") next.icpSize = v;
    else if (signal === "icp_industry") next.icpIndustry = v;
    else if (signal === "warm_connection") next.warmConnection = v;
    else if (signal.startsWith("seniority:") && (SENIORITY_LEVELS as readonly string[]).includes(signal.slice(10))) next.seniority[signal.slice(10) as keyof Weights["seniority"]] = v;
    else if (signal.startsWith("page:")) {
      const p = nextPages.find((x) => x.key === signal.slice(5));
      if (p) p.points = v;
    }
  }
  return { scoringWeights: next, pageSignals: nextPages };
}

function parseBreakdown(json: string): { signal: string; detail?: string }[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/**
 * Re-estimates which signals predict positive outcomes and stores a proposal when any weight
 * should move. An identical pending proposal is kept; a different one supersedes it. Nothing is
 * applied until an approver accepts (decideIcp).
 */
export async function proposeIcp(db: Db, now = new Date()): Promise<{ id: string; created: boolean } | null> {
  const model = await learnerModel(db, now);
  const rows = model.sends.filter((s) => settled(s, now.getTime())).map((s) => ({ signals: signalsOf(parseBreakdown(s.scoreBreakdown)), positive: s.summary.positive }));
  const s = await getMany(db, ["scoringWeights", "pageSignals"] as const);
  const known = currentWeights(s.scoringWeights, s.pageSignals);
  // Only signals the settings hold a weight for can be proposed (a removed page signal cannot).
  const evidence = refineIcp(rows, known).filter((e) => e.signal in known);
  const changes = evidence.filter((e) => e.proposed !== e.current);
  if (changes.length === 0) return null;
  const proposed = JSON.stringify(Object.fromEntries(changes.map((e) => [e.signal, e.proposed])));
  return retryBusy(() => db.$transaction(async (tx) => {
    // First statement is a write (takes the lock): retire pending proposals that say something else.
    await tx.icpProposal.updateMany({ where: { status: "PROPOSED", NOT: { proposed } }, data: { status: "SUPERSEDED", decidedAt: now } });
    const same = await tx.icpProposal.findFirst({ where: { status: "PROPOSED", proposed }, select: { id: true } });
    if (same) return { id: same.id, created: false };
    const p = await tx.icpProposal.create({ data: { evidence: JSON.stringify(evidence), proposed, basedOnSends: rows.length, createdAt: now }, select: { id: true } });
    await recordInTx(tx, {
      actorType: "AGENT", agent: "COACH", action: "icp.proposed", decision: "INFO", riskLevel: "LOW", subjectType: "icpProposal", subjectId: p.id,
      reason: changes.map((c) => `${c.signal} ${c.current}→${c.proposed}`).join(", "), evidence: { basedOnSends: rows.length, changes },
    }, now);
    return { id: p.id, created: true };
  }));
}

/**
 * An approver accepts or rejects a pending proposal (audited). Accepting applies the proposed
 * per-signal weights to the CURRENT settings (other edits made since stay) through the settings
 * service, which audits each change with its before/after.
 */
export async function decideIcp(db: Db, actor: { id: string; name: string }, input: { id: string; accept: boolean; note?: string | null }, now = new Date()) {
  const p = await db.icpProposal.findUnique({ where: { id: input.id }, select: { id: true, status: true, proposed: true } });
  if (!p) throw notFound("Proposal");
  if (p.status !== "PROPOSED") throw conflict(`This proposal is already ${p.status.toLowerCase()}.`);
  const status = input.accept ? "ACCEPTED" : "REJECTED";
  await retryBusy(() => db.$transaction(async (tx) => {
    const n = await tx.icpProposal.updateMany({ where: { id: p.id, status: "PROPOSED" }, data: { status, decidedAt: now, decidedBy: actor.id, note: input.note ?? null } });
    if (n.count === 0) throw conflict("This proposal was decided meanwhile.");
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: input.accept ? "icp.accepted" : "icp.rejected", decision: input.accept ? "ALLOW" : "DENY", riskLevel: "MEDIUM",
      subjectType: "icpProposal", subjectId: p.id, reason: input.note ?? null, evidence: { proposed: JSON.parse(p.proposed) },
    }, now);
  }));
  if (input.accept) {
    const next = applyWeights(await get(db, "scoringWeights"), await get(db, "pageSignals"), JSON.parse(p.proposed) as Record<string, number>);
    await update(db, actor, "scoringWeights", next.scoringWeights);
    await update(db, actor, "pageSignals", next.pageSignals);
  }
  return { id: p.id, status };
}

export type { SignalEvidence };
