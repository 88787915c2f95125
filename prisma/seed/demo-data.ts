import { Liquid } from "liquidjs";
import type { Db } from "@/server/db/client";
import type { DraftStatus } from "@/server/domain/draft-status";
import { fingerprint } from "@/server/domain/fingerprint";
import { runChecks } from "@/server/domain/quality-checks";
import { composeDraft } from "@/server/features/drafting/compose-email";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { createRandom, type Random } from "./random";

const FIRST = ["Ava", "Noah", "Mia", "Liam", "Zoe", "Ethan", "Iris", "Omar", "Lena", "Raj", "Sofia", "Marco", "Chen", "Aisha", "Tom", "Nina"];
const LAST = ["Patel", "Garcia", "Kim", "Novak", "Okafor", "Schmidt", "Rossi", "Larsen", "Nguyen", "Cohen", "Silva", "Brown"];
const COMPANIES = [
  ["Northwind Logistics", "Logistics"], ["Brightpath Health", "Healthcare"], ["Cobalt Fintech", "Financial Services"],
  ["Evergreen SaaS", "Software"], ["Lumen Analytics", "Software"], ["Harbor Manufacturing", "Manufacturing"],
  ["Atlas Retail Group", "Retail"], ["Pioneer Insurance", "Insurance"], ["Quartz Security", "Computer & Network Security"],
  ["Summit Education", "Education"], ["Vertex Energy", "Energy"], ["Keystone Legal", "Legal Services"],
] as const;
const TITLES = ["VP of Sales", "Head of Revenue Operations", "Chief Revenue Officer", "Sales Director", "Marketing Manager", "Founder & CEO", "Account Executive", "Director of Growth", "Operations Coordinator", "CTO"];
const PAGES = ["/pricing", "/case-studies/northwind", "/product", "/getting-started", "/roi-calculator", "/blog/outbound-guardrails", "/about", "/careers"];
const REPLY_CLASSES = ["POSITIVE", "NEUTRAL", "NEGATIVE", "OUT_OF_OFFICE", "UNSUBSCRIBE"] as const;

const DAY = 86_400_000;
const liquid = new Liquid({ strictVariables: true });
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "");

function tierOf(score: number) {
  return score >= 70 ? "HOT" : score >= 40 ? "MEDIUM" : "LOW";
}

function draftStatusFor(r: Random, ageDays: number): DraftStatus {
  if (ageDays < 3 && r.chance(0.6)) return r.pick(["PENDING_REVIEW", "PENDING_REVIEW", "PENDING_REVIEW", "SNOOZED", "DRAFTED"] as const);
  return r.pick(["SENT", "SENT", "SENT", "SENT", "SENT", "REJECTED", "DROPPED", "APPROVED", "FAILED"] as const);
}

export interface DemoSummary {
  visitors: number;
  drafts: number;
  sends: number;
  outcomes: number;
}

/**
 * A realistic, deterministic demo dataset over the last 60 days: visitors with page views and
 * enrichment, drafts in every state with reviews, sandbox sends and their outcomes.
 * Safe to run once on an empty pipeline; refuses to add a second copy.
 */
export async function seedDemoData(db: Db, opts: { seed?: number; visitors?: number; now?: Date; reviewerId: string }): Promise<DemoSummary | null> {
  if ((await db.visitor.count()) > 0) return null;
  const r = createRandom(opts.seed ?? 20261124);
  const now = opts.now ?? new Date();
  const templates = await db.template.findMany({
    select: { tier: true, versions: { select: { id: true, body: true }, orderBy: { version: "desc" }, take: 1 }, variants: { select: { id: true, key: true, subject: true } } },
  });
  const summary: DemoSummary = { visitors: 0, drafts: 0, sends: 0, outcomes: 0 };
  const n = opts.visitors ?? 360;

  for (let i = 0; i < n; i++) {
    const [companyName, industry] = r.pick(COMPANIES);
    const domain = `${slug(companyName)}.example`;
    const companyOnly = r.chance(0.08);
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const title = r.pick(TITLES);
    const firstSeen = new Date(now.getTime() - r.int(0, 59) * DAY - r.int(0, 86_399) * 1000);
    const visits = r.int(1, 5);
    const score = r.int(10, 95);
    const warm = r.chance(0.15);
    const email = companyOnly ? null : `${slug(first)}.${slug(last)}${i}@${domain}`;
    const enriched = r.chance(0.72);
    const breakdown = [
      { signal: "pages", points: Math.round(score * 0.4), detail: "pricing and product pages" },
      { signal: "seniority", points: Math.round(score * 0.3), detail: title },
      { signal: "icp", points: score - Math.round(score * 0.4) - Math.round(score * 0.3), detail: industry },
    ];
    const visitor = await db.visitor.create({
      data: {
        identityKey: companyOnly ? `company:${domain}:${i}` : `email:${email}`,
        isCompanyOnly: companyOnly, email, firstName: companyOnly ? null : first, lastName: companyOnly ? null : last,
        title: companyOnly ? null : title, companyName, companyDomain: domain, website: `https://${domain}`, industry,
        employeeCountMin: r.pick([11, 51, 201, 501]), employeeCountMax: r.pick([50, 200, 500, 1000]),
        city: r.pick(["Austin", "Boston", "Denver", "Chicago", "Seattle"]), state: r.pick(["TX", "MA", "CO", "IL", "WA"]),
        firstSeenAt: firstSeen, lastSeenAt: new Date(firstSeen.getTime() + visits * 3_600_000), visitCount: visits,
        score, tier: tierOf(score), warm, scoreBreakdown: JSON.stringify(breakdown),
        enrichmentStatus: enriched ? "COMPLETE" : "PARTIAL", needsBackfill: !enriched, createdAt: firstSeen,
        pageViews: { create: Array.from({ length: visits }, (_, k) => ({ url: `https://caio-swarm.example${r.pick(PAGES)}`, seenAt: new Date(firstSeen.getTime() + k * 3_600_000) })) },
        enrichmentRequests: {
          create: {
            status: enriched ? "COMPLETED" : "TIMED_OUT", requestedAt: firstSeen,
            completedAt: enriched ? new Date(firstSeen.getTime() + 20_000) : null,
            result: enriched ? JSON.stringify({ companyRevenue: r.pick(["$1M-$10M", "$10M-$50M", "$50M-$100M"]), linkedinFollowers: r.int(200, 20_000) }) : null,
          },
        },
      },
      select: { id: true },
    });
    summary.visitors++;
    if (companyOnly || !email || r.chance(0.25)) continue;

    const template = templates.find((t) => t.tier === tierOf(score)) ?? templates[0];
    const variant = r.pick(template.variants);
    const vars = { first_name: first, company_name: companyName, title, industry };
    const ageDays = (now.getTime() - firstSeen.getTime()) / DAY;
    const status = draftStatusFor(r, ageDays);
    const body = await liquid.parseAndRender(template.versions[0].body, vars);
    const subject = await liquid.parseAndRender(variant.subject, vars);
    const fp = fingerprint(body);
    const recipientHash = emailHash(email);
    const createdAt = new Date(firstSeen.getTime() + 60_000);
    const decidedAt = new Date(createdAt.getTime() + r.int(10, 240) * 60_000);
    const recommendation = score >= 70 || warm ? "REVIEW" : r.pick(["REVIEW", "AUTO_SEND"] as const);
    const draft = await db.draft.create({
      data: {
        visitorId: visitor.id, templateVersionId: template.versions[0].id, subjectVariantId: variant.id,
        subject, body, score, tier: tierOf(score), warm,
        scoreBreakdown: JSON.stringify(breakdown),
        evidence: JSON.stringify([{ field: "company_name", value: companyName, source: "rb2b", dataId: visitor.id, verifiedAt: firstSeen.toISOString() }]),
        // What drafting stores: every check's result, the body's fingerprint, the address's hash.
        qualityChecks: JSON.stringify(runChecks({ subject, body, fingerprint: fp, rejectedFingerprints: [] }).results),
        fingerprint: fp, recipientHash,
        recommendation, recommendationReason: recommendation === "REVIEW" ? "parallel phase: every draft is reviewed" : "LOW tier without warm connection",
        status, createdAt, decidedAt: ["PENDING_REVIEW", "DRAFTED", "SNOOZED"].includes(status) ? null : decidedAt,
        snoozedUntil: status === "SNOOZED" ? new Date(now.getTime() + 4 * 3_600_000) : null,
      },
      select: { id: true },
    });
    summary.drafts++;

    if (["SENT", "APPROVED", "REJECTED", "FAILED"].includes(status)) {
      const rejected = status === "REJECTED";
      await db.review.create({
        data: {
          draftId: draft.id, reviewerId: opts.reviewerId, decision: rejected ? "REJECT" : "APPROVE",
          reasonTag: rejected ? r.pick(["WRONG_PERSON", "BAD_TIMING", "OFF_TONE"]) : null,
          systemRecommendation: recommendation, createdAt: decidedAt,
        },
      });
    }
    if (status === "SENT" && r.chance(0.2)) {
      const s5 = () => r.int(3, 5);
      await db.emailRating.create({
        data: { draftId: draft.id, reviewerId: opts.reviewerId, personalisation: s5(), subject: s5(), valueProposition: s5(), cta: r.int(2, 5), tone: s5(), createdAt: decidedAt },
      });
    }
    if (status !== "SENT" && status !== "FAILED") continue;
    const sentAt = new Date(decidedAt.getTime() + 5 * 60_000);
    // What the sandbox would have sent: the one composer's e-mail (signature, footer, unsubscribe link).
    const composed = status === "SENT" ? await composeDraft(db, draft.id) : null;
    const send = await db.send.create({
      data: {
        draftId: draft.id, status: status === "SENT" ? "SENT" : "FAILED", mode: "SANDBOX", recipientDomain: domain,
        recipientHash, claimedAt: sentAt,
        sentAt: status === "SENT" ? sentAt : null, providerMessageId: status === "SENT" ? `sandbox-${i}` : null,
        error: status === "FAILED" ? "GHL answered 500 three times" : null, attempts: status === "SENT" ? 1 : 3,
        sandboxMessage: composed ? { create: { toAddress: email, subject: composed.subject, html: composed.html, headers: JSON.stringify(composed.headers), createdAt: sentAt } } : undefined,
      },
      select: { id: true },
    });
    summary.sends++;
    if (status !== "SENT") continue;
    const events: { type: string; classification?: string; at: number; value?: number }[] = [{ type: "DELIVERED", at: 1 }];
    if (r.chance(0.45)) events.push({ type: "OPENED", at: r.int(1, 30) });
    if (r.chance(0.02)) events.push({ type: "BOUNCE", at: 1 });
    else if (r.chance(0.11)) {
      const classification = r.pick(REPLY_CLASSES);
      events.push({ type: "REPLY", classification, at: r.int(2, 60) });
      if (classification === "POSITIVE" && r.chance(0.5)) events.push({ type: "MEETING", at: r.int(61, 120), value: r.pick([12_000, 24_000, 48_000]) });
    }
    for (const [k, e] of events.entries()) {
      await db.outcome.create({
        data: {
          sendId: send.id, type: e.type, classification: e.classification ?? null, providerEventId: `demo-${i}-${k}`,
          value: e.value ?? null, occurredAt: new Date(sentAt.getTime() + e.at * 3_600_000),
        },
      });
      summary.outcomes++;
    }
  }
  return summary;
}
