import type { Db } from "@/server/db/client";
import { notFound } from "@/server/domain/errors";
import { approvedEdit, composeDraft } from "@/server/features/drafting/compose-email";
import { killSwitches } from "@/server/features/settings/settings.service";
import { logger } from "@/server/logger";
import * as repo from "./approvals.repository";
import { detailOutput, type DetailDto } from "./approvals.schemas";

function parseJson<T>(raw: string | null, fallback: T): T {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
}

const name = (v: { firstName: string | null; lastName: string | null }) => [v.firstName, v.lastName].filter(Boolean).join(" ") || null;

function range(min: number | null, max: number | null): string | null {
  if (min == null && max == null) return null;
  if (min != null && max != null) return min === max ? `${min}` : `${min}–${max}`;
  return min != null ? `${min}+` : `up to ${max}`;
}

/**
 * Everything Dani needs to decide on one draft: the e-mail exactly as it will be sent (the one
 * composer, with her approved edit if any), who it goes to, why the lead scored as it did, the
 * facts the draft rests on (source and age), the system's recommendation, and earlier contact with
 * this person or company.
 */
export async function detail(db: Db, draftId: string): Promise<DetailDto> {
  const d = await repo.loadDetail(db, draftId);
  if (!d) throw notFound("Draft");
  const v = d.visitor;
  const edit = await approvedEdit(db, draftId);
  let composed = null;
  try {
    composed = await composeDraft(db, draftId, edit);
  } catch (err) {
    // Shown as "cannot be composed" (the send path would refuse it too), never as a guessed body.
    logger.warn({ err, draftId }, "inbox preview could not compose the draft");
  }
  const unsent = d.status === "APPROVED" && (!d.send || d.send.status === "RELEASED");
  const [previous, switches, refusal] = await Promise.all([
    repo.previousContact(db, { id: d.id, visitorId: v.id, companyDomain: v.companyDomain }),
    killSwitches(db),
    unsent ? repo.lastClaimRefusal(db, d.id) : null,
  ]);
  const erased = !!v.erasedAt;
  return detailOutput.parse({
    id: d.id, version: d.version, status: d.status, subject: edit?.subject ?? d.subject, body: edit?.body ?? d.body,
    tier: d.tier, score: d.score, warm: d.warm,
    createdAt: d.createdAt.toISOString(), decidedAt: d.decidedAt?.toISOString() ?? null, snoozedUntil: d.snoozedUntil?.toISOString() ?? null,
    alertedAt: d.escalatedAt?.toISOString() ?? null,
    recommendation: d.recommendation, recommendationReason: d.recommendationReason,
    composed: composed ? { subject: composed.subject, text: composed.text, html: composed.html } : null,
    edited: !!edit,
    qualityChecks: parseJson(d.qualityChecks, []),
    scoreBreakdown: parseJson(d.scoreBreakdown, []),
    evidence: parseJson(d.evidence, []),
    template: { name: d.templateVersion.template.name, version: d.templateVersion.version, variant: d.subjectVariant.key },
    recipient: {
      name: erased ? null : name(v), title: v.title, email: erased ? null : v.email, linkedinUrl: erased ? null : v.linkedinUrl,
      companyName: v.companyName, companyDomain: v.companyDomain, website: v.website, industry: v.industry,
      employees: range(v.employeeCountMin, v.employeeCountMax), revenue: v.revenueEstimate,
      location: [v.city, v.state].filter(Boolean).join(", ") || null, visitCount: v.visitCount,
      firstSeenAt: v.firstSeenAt.toISOString(), lastSeenAt: v.lastSeenAt.toISOString(), erased,
    },
    previousContact: previous.map((p) => ({
      draftId: p.id, subject: p.subject, status: p.status, createdAt: p.createdAt.toISOString(), sentAt: p.send?.sentAt?.toISOString() ?? null,
      samePerson: p.visitorId === v.id, contactName: name(p.visitor),
      replies: (p.send?.outcomes ?? []).map((o) => ({ at: o.occurredAt.toISOString(), classification: o.classification })),
    })),
    reviews: d.reviews.map((r) => ({
      decision: r.decision, reviewer: r.reviewer.name, at: r.createdAt.toISOString(), reasonTag: r.reasonTag, note: r.note,
      diff: r.diff ? parseJson<{ body?: DetailDto["reviews"][number]["diff"] }>(r.diff, {}).body ?? null : null,
    })),
    send: d.send ? { status: d.send.status, mode: d.send.mode, sentAt: d.send.sentAt?.toISOString() ?? null, error: d.send.error } : null,
    sendingPaused: switches.PAUSE_ALL_SENDS.on,
    waiting: unsent ? {
      scheduledFor: d.sendAfter && d.sendAfter > new Date() ? d.sendAfter.toISOString() : null,
      refusal: refusal && (!d.decidedAt || refusal.at >= d.decidedAt) ? {
        reason: refusal.reason ?? "refused", at: refusal.at.toISOString(),
        retryAt: parseJson<{ retryAt?: string | null }>(refusal.evidence, {}).retryAt ?? null,
      } : null,
    } : null,
  });
}

/** What the sandbox would have sent (nothing left the machine), newest first. */
export async function sandboxOutbox(db: Db, opts: { cursor?: string | null; limit: number }) {
  const { rows, total } = await repo.listOutbox(db, opts);
  const page = rows.slice(0, opts.limit);
  return {
    total,
    nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null,
    items: page.map((r) => ({
      id: r.id, draftId: r.send.draftId, to: r.toAddress, subject: r.subject, at: r.createdAt.toISOString(), status: r.send.status, mode: r.send.mode, html: r.html,
    })),
  };
}
