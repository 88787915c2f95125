import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";

export interface SentSpec {
  /** Template key (the template and its variants must exist). */
  template: string;
  variant: string;
  tier?: string;
  /** Seniority written into the score breakdown (persona): C_LEVEL, VP, MANAGER, … */
  seniority?: string | null;
  /** Extra breakdown signals ("page:pricing", "icp_size", …). */
  signals?: string[];
  sentAt: Date;
  state?: string | null;
  /** Outcomes: REPLY:POSITIVE, REPLY:NEGATIVE, MEETING, BOUNCE, COMPLAINT, UNSUBSCRIBE … */
  outcomes?: string[];
}

/** Sent e-mails with their outcomes, as the learner reads them (visitor → draft → send → outcomes). */
export async function seedSent(db: Db, specs: SentSpec[], tag = "l"): Promise<string[]> {
  const templates = await db.template.findMany({ select: { id: true, key: true, tier: true, versions: { select: { id: true }, orderBy: { version: "desc" }, take: 1 }, variants: { select: { id: true, key: true } } } });
  const byKey = new Map(templates.map((t) => [t.key, t]));
  const ids: string[] = [];
  for (const [i, s] of specs.entries()) {
    const t = byKey.get(s.template);
    if (!t) throw new Error(`no template ${s.template}`);
    const variant = t.variants.find((v) => v.key === s.variant);
    if (!variant) throw new Error(`no variant ${s.variant} of ${s.template}`);
    const id = `${tag}-${i}-${ulid()}`;
    const breakdown = [
      ...(s.seniority ? [{ signal: "seniority", points: 20, detail: s.seniority }] : []),
      ...(s.signals ?? []).map((sig) => ({ signal: sig, points: 10, detail: sig })),
    ];
    const tier = s.tier ?? t.tier;
    await db.visitor.create({ data: { id: `v-${id}`, identityKey: `learn-${id}`, email: `p${i}@${tag}-learn.example`, state: s.state ?? null, firstSeenAt: s.sentAt, lastSeenAt: s.sentAt, score: 50, tier } });
    await db.draft.create({
      data: {
        id: `d-${id}`, visitorId: `v-${id}`, templateVersionId: t.versions[0].id, subjectVariantId: variant.id, subject: "s", body: "b", score: 50, tier,
        scoreBreakdown: JSON.stringify(breakdown), fingerprint: `fp-${id}`, status: "SENT", createdAt: s.sentAt,
      },
    });
    await db.send.create({ data: { id: `s-${id}`, draftId: `d-${id}`, status: "SENT", mode: "SANDBOX", recipientDomain: `${tag}-learn.example`, recipientHash: `h-${id}`, claimedAt: s.sentAt, sentAt: s.sentAt, providerMessageId: `m-${id}` } });
    for (const [k, o] of (s.outcomes ?? []).entries()) {
      const [type, classification] = o.split(":");
      await db.outcome.create({ data: { sendId: `s-${id}`, type, classification: classification ?? null, providerEventId: `ev-${id}-${k}`, occurredAt: new Date(s.sentAt.getTime() + 3_600_000) } });
    }
    ids.push(`d-${id}`);
  }
  return ids;
}
