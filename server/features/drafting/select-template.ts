import type { Db } from "@/server/db/client";
import { writerFor } from "@/server/db/sqlite-writer";
import type { Tier } from "@/server/domain/scoring";
import { rankForLead } from "@/server/features/learning/learner-model";
import * as sql from "./drafting.sql";

export interface Candidate {
  templateId: string;
  templateKey: string;
  angle: string;
  versionId: string;
  body: string;
  /** Subject variants in the order to try (the first is this lead's deterministic A/B pick). */
  variants: { id: string; key: string; subject: string }[];
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * How often drafting asks whether the learner's evidence changed (two aggregates over every send
 * and outcome, ~1.4 ms of the app's CPU per draft when asked each time): at most once a second.
 */
const EVIDENCE_CHECK_MS = 1_000;

/**
 * The order to try templates and subject variants in (DESIGN.md §7). Templates whose angle fits
 * the lead (the angle is one of its page signals, or "general") are ranked by the learner's
 * Thompson sample for the lead's tier and persona; a template that fits no signal of the lead
 * would make claims that are not true for them ("you were looking at our pricing"), so those only
 * follow as a last resort, in the old deterministic order. Flagged or inactive templates are never
 * offered.
 */
export async function candidates(db: Db, input: { tier: Tier; signals: string[]; leadKey: string; seniority?: string | null; now?: Date }): Promise<Candidate[]> {
  // Plain SQL on the SqliteWriter's connection (one snapshot, prepared statements): this runs for
  // every draft, and the nested Prisma query was three queries (drafting.sql.ts says why that matters).
  const w = writerFor(db);
  const templates = w.read(() => sql.activeTemplates(w, input.tier));
  const rank = (angle: string) => {
    const i = input.signals.indexOf(angle);
    if (i >= 0) return i;
    return angle === "general" ? input.signals.length : input.signals.length + 1;
  };
  const usable = templates
    .filter((t) => t.versions.length > 0 && t.variants.length > 0)
    .sort((a, b) => rank(a.angle) - rank(b.angle) || a.key.localeCompare(b.key));
  const fitting = usable.filter((t) => rank(t.angle) <= input.signals.length);
  const rest = usable.filter((t) => rank(t.angle) > input.signals.length);

  const ranked = fitting.length === 0 ? [] : await rankForLead(db, {
    tier: input.tier, seniority: input.seniority ?? null, leadKey: input.leadKey, now: input.now, maxStaleMs: EVIDENCE_CHECK_MS,
    arms: fitting.flatMap((t) => t.variants.map((v) => ({ template: t.id, variant: v.id }))),
  });
  const byId = new Map(fitting.map((t) => [t.id, t]));
  const learned: Candidate[] = [];
  for (const arm of ranked) {
    let c = learned.find((x) => x.templateId === arm.template);
    if (!c) {
      const t = byId.get(arm.template)!;
      c = { templateId: t.id, templateKey: t.key, angle: t.angle, versionId: t.versions[0].id, body: t.versions[0].body, variants: [] };
      learned.push(c);
    }
    c.variants.push(byId.get(arm.template)!.variants.find((v) => v.id === arm.variant)!);
  }
  return [
    ...learned,
    ...rest.map((t) => {
      const start = hash(`${input.leadKey}:${t.key}`) % t.variants.length;
      const variants = [...t.variants.slice(start), ...t.variants.slice(0, start)];
      return { templateId: t.id, templateKey: t.key, angle: t.angle, versionId: t.versions[0].id, body: t.versions[0].body, variants };
    }),
  ];
}
