import type { Db } from "@/server/db/client";
import { createLearner, observe, rankArms, type ArmRef, type LearnerState, type ScoredArm } from "@/server/domain/learner";
import { createRng } from "@/server/domain/random";
import { contextKey, personaOf, seniorityFromBreakdown, summarise, type Persona, type SendSummary } from "@/server/domain/rewards";
import * as repo from "./learning.repository";

/** How far back evidence is read (it decays with the learner's half-life long before this). */
export const HORIZON_DAYS = 365;
/** The outcome wait (DESIGN.md §3 step 8): a send without any outcome yet is only known after it. */
export const OUTCOME_WAIT_MS = 72 * 3_600_000;
/** A model is rebuilt when the evidence changes, and at least this often (decay moves on). */
const MAX_AGE_MS = 10 * 60_000;

export interface LearnedSend extends repo.SendRow {
  persona: Persona;
  context: string;
  summary: SendSummary;
}

export interface Model {
  version: string;
  builtAt: number;
  /** Wall-clock time (ms) the evidence version was last compared with the database's. */
  checkedAt: number;
  sends: LearnedSend[];
  learner: LearnerState;
}

/**
 * The learner's state is recomputed from Send + Outcome rows (the source of truth: no second copy
 * to drift, late outcomes and erasures are reflected on the next build) and cached per database
 * handle until a send or an outcome changes the evidence. Variants are pooled per variant id
 * (each template's subject lines are its own), shared across the tier's personas.
 */
const cache = new WeakMap<Db, Model>();

export function toLearned(r: repo.SendRow): LearnedSend {
  const persona = personaOf(seniorityFromBreakdown(r.scoreBreakdown));
  return { ...r, persona, context: contextKey(r.tier, persona), summary: summarise(r.outcomes) };
}

/** A send counts once it has a telling outcome or its outcome wait is over (no reply yet ≠ no reply). */
export function settled(s: LearnedSend, now: number): boolean {
  return s.summary.kind !== "NONE" || s.summary.replied || now - s.sentAt.getTime() >= OUTCOME_WAIT_MS;
}

export function buildLearner(sends: LearnedSend[], now: number): LearnerState {
  const learner = createLearner({}, (_t, v) => v);
  for (const s of sends) {
    if (!settled(s, now)) continue;
    observe(learner, { context: s.context, template: s.templateId, variant: s.variantId, at: s.sentAt.getTime(), replied: s.summary.replied, positive: s.summary.positive });
  }
  return learner;
}

/**
 * The model for `now`, rebuilt when the evidence changed. `maxStaleMs` lets a caller take the cached
 * model without asking the database whether the evidence changed, if it asked within that many
 * milliseconds: drafting asks for every draft, and outcomes reach the learner hours after their
 * sends, so a model a second old draws the same choices in distribution.
 */
export async function learnerModel(db: Db, now = new Date(), opts: { maxStaleMs?: number } = {}): Promise<Model> {
  const hit = cache.get(db);
  const fresh = (m: Model) => now.getTime() - m.builtAt < MAX_AGE_MS && now.getTime() >= m.builtAt;
  const wall = Date.now();
  if (hit && opts.maxStaleMs && wall - hit.checkedAt < opts.maxStaleMs && fresh(hit)) return hit;
  const version = await repo.evidenceVersion(db);
  if (hit && hit.version === version && fresh(hit)) {
    hit.checkedAt = wall;
    return hit;
  }
  const rows = await repo.sentSince(db, new Date(now.getTime() - HORIZON_DAYS * 86_400_000));
  const sends = rows.map(toLearned);
  const model: Model = { version, builtAt: now.getTime(), checkedAt: wall, sends, learner: buildLearner(sends, now.getTime()) };
  cache.set(db, model);
  return model;
}

/** Thompson-sampled order of the given arms for a lead (seeded by the lead and time: replayable). */
export async function rankForLead(db: Db, input: { tier: string; seniority: string | null; arms: ArmRef[]; leadKey: string; now?: Date; maxStaleMs?: number }): Promise<ScoredArm[]> {
  const now = input.now ?? new Date();
  const m = await learnerModel(db, now, { maxStaleMs: input.maxStaleMs });
  const context = contextKey(input.tier, personaOf(input.seniority));
  return rankArms(m.learner, context, input.arms, createRng(`${input.leadKey}:${now.toISOString()}`), now.getTime());
}
