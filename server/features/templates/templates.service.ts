import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { conflict, notFound } from "@/server/domain/errors";
import { fingerprint } from "@/server/domain/fingerprint";
import { runChecks } from "@/server/domain/quality-checks";
import type { Actor } from "@/server/domain/roles";
import { recordInTx } from "@/server/features/audit/audit.service";
import { composeEmail, unsubscribeUrl } from "@/server/features/drafting/compose-email";
import { render } from "@/server/features/drafting/render";
import { variantTotals } from "@/server/features/metrics/metrics.repository";
import * as settings from "@/server/features/settings/settings.service";
import { loadProfile } from "@/server/features/visitors/profile";
import { env } from "@/server/env";

/** Templates with their current version and, per subject variant, how its sent e-mails did (from the roll-ups). */
export async function list(db: Db) {
  const templates = await db.template.findMany({
    orderBy: [{ tier: "desc" }, { key: "asc" }],
    select: {
      id: true, key: true, name: true, tier: true, angle: true, active: true, flaggedAt: true, flagReason: true,
      versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, version: true, body: true } },
      variants: { orderBy: { key: "asc" }, select: { id: true, key: true, subject: true, active: true } },
    },
  });
  // From the per-variant daily roll-ups (server/features/metrics), not the raw tables: fast with a year of sends.
  const totals = new Map((await variantTotals(db)).map((g) => [g.subjectVariantId, g._sum]));
  return templates
    .filter((t) => t.versions.length > 0)
    .map((t) => ({
      id: t.id, key: t.key, name: t.name, tier: t.tier, angle: t.angle, active: t.active,
      flaggedAt: t.flaggedAt?.toISOString() ?? null, flagReason: t.flagReason,
      version: t.versions[0].version, versionId: t.versions[0].id, body: t.versions[0].body,
      variants: t.variants.map((v) => {
        const x = totals.get(v.id);
        return { ...v, sent: x?.sent ?? 0, replied: x?.replied ?? 0, positive: x?.positive ?? 0, meetings: x?.meetings ?? 0 };
      }),
    }));
}

async function sampleVisitorId(db: Db, requested?: string): Promise<string | null> {
  if (requested) return requested;
  const v = await db.visitor.findFirst({
    where: { isCompanyOnly: false, erasedAt: null, firstName: { not: null } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true },
  });
  return v?.id ?? null;
}

/** Renders a template body and subject on a real visitor exactly as drafting would, and runs the quality checks. */
export async function preview(db: Db, input: { body: string; subject: string; visitorId?: string }) {
  const visitorId = await sampleVisitorId(db, input.visitorId);
  const profile = visitorId ? await loadProfile(db, visitorId) : null;
  if (!profile) {
    return { ok: false, error: "No visitor to preview on yet: previews render on a real visitor.", visitor: null, subject: input.subject, text: "", checks: [] };
  }
  const label = [profile.visitor.firstName, profile.visitor.lastName].filter(Boolean).join(" ") + (profile.visitor.companyName ? ` (${profile.visitor.companyName})` : "");
  try {
    const [body, subject] = await Promise.all([render(input.body, profile.facts), render(input.subject, profile.facts)]);
    const verdict = runChecks({ subject: subject.text, body: body.text, fingerprint: fingerprint(body.text), rejectedFingerprints: [] });
    const composed = composeEmail({
      subject: subject.text, body: body.text, signature: await settings.get(db, "emailSignature"),
      postalAddress: env().COMPANY_POSTAL_ADDRESS, unsubscribeUrl: unsubscribeUrl(profile.visitor.id),
    });
    return { ok: verdict.ok, error: null, visitor: { id: profile.visitor.id, label }, subject: composed.subject, text: composed.text, checks: verdict.results };
  } catch (e) {
    // A template that does not render (unknown variable, bad syntax) fails closed, with the reason.
    return { ok: false, error: `The template does not render: ${(e as Error).message}`, visitor: { id: profile.visitor.id, label }, subject: input.subject, text: "", checks: [] };
  }
}

/**
 * Saves a new immutable version of a template (and any new subject variants) only if the body and
 * every active subject pass the quality checks on a real visitor. Sent e-mails keep pointing at the
 * version and variant they used.
 */
export async function saveVersion(
  db: Db,
  actor: Actor,
  input: { templateId: string; body: string; addVariants: { key: string; subject: string }[]; deactivateVariantIds: string[]; visitorId?: string },
) {
  const t = await db.template.findUnique({
    where: { id: input.templateId },
    select: { id: true, key: true, versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } }, variants: { select: { id: true, key: true, subject: true, active: true } } },
  });
  if (!t) throw notFound("Template");
  const clash = input.addVariants.find((a) => t.variants.some((v) => v.key === a.key));
  if (clash) throw conflict(`Subject variant ${clash.key} already exists: add it under a new key.`);
  const subjects = [
    ...t.variants.filter((v) => v.active && !input.deactivateVariantIds.includes(v.id)).map((v) => v.subject),
    ...input.addVariants.map((a) => a.subject),
  ];
  if (subjects.length === 0) return { saved: false, version: null, checks: [], error: "A template needs at least one active subject variant." };
  for (const subject of subjects) {
    const p = await preview(db, { body: input.body, subject, visitorId: input.visitorId });
    if (!p.ok) return { saved: false, version: null, checks: p.checks, error: p.error ?? `Quality checks failed with the subject “${subject}”.` };
  }
  const version = (t.versions[0]?.version ?? 0) + 1;
  await retryBusy(() => db.$transaction(async (tx) => {
    await tx.templateVersion.create({ data: { templateId: t.id, version, body: input.body, createdBy: actor.id } });
    if (input.deactivateVariantIds.length) {
      await tx.subjectVariant.updateMany({ where: { templateId: t.id, id: { in: input.deactivateVariantIds } }, data: { active: false } });
    }
    for (const a of input.addVariants) await tx.subjectVariant.create({ data: { templateId: t.id, key: a.key, subject: a.subject } });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "template.saveVersion", decision: "INFO", subjectType: "template", subjectId: t.id,
      evidence: { key: t.key, version, added: input.addVariants.map((a) => a.key), deactivated: input.deactivateVariantIds },
    });
  }));
  return { saved: true, version, checks: [], error: null };
}
