import type { Db } from "@/server/db/client";
import type { Tier } from "@/server/domain/scoring";

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
 * Deterministic choice until the learner (DESIGN.md §7) replaces it: templates of the lead's tier
 * whose angle matches the strongest page signal first, then general ones, then the rest; the
 * subject variant is a stable hash of the lead, so A and B split the traffic and a re-run picks
 * the same variant. Flagged or inactive templates are never offered.
 */
export async function candidates(db: Db, input: { tier: Tier; signals: string[]; leadKey: string }): Promise<Candidate[]> {
  const templates = await db.template.findMany({
    where: { tier: input.tier, active: true, flaggedAt: null },
    orderBy: { key: "asc" },
    select: {
      id: true, key: true, angle: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, body: true } },
      variants: { where: { active: true }, orderBy: { key: "asc" }, select: { id: true, key: true, subject: true } },
    },
  });
  const rank = (angle: string) => {
    const i = input.signals.indexOf(angle);
    if (i >= 0) return i;
    return angle === "general" ? input.signals.length : input.signals.length + 1;
  };
  return templates
    .filter((t) => t.versions.length > 0 && t.variants.length > 0)
    .sort((a, b) => rank(a.angle) - rank(b.angle) || a.key.localeCompare(b.key))
    .map((t) => {
      const start = hash(`${input.leadKey}:${t.key}`) % t.variants.length;
      const variants = [...t.variants.slice(start), ...t.variants.slice(0, start)];
      return { templateId: t.id, templateKey: t.key, angle: t.angle, versionId: t.versions[0].id, body: t.versions[0].body, variants };
    });
}
