import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { PendingFilter } from "./approvals.schemas";

const HOUR = 3_600_000;

/** Waiting for a decision: PENDING_REVIEW, or SNOOZED whose snooze has run out. */
export function awaitingReview(now: Date): Prisma.DraftWhereInput {
  return { OR: [{ status: "PENDING_REVIEW" }, { status: "SNOOZED", snoozedUntil: { lte: now } }] };
}

/** The filter's own conditions (the waiting-status part is added per index walk below). */
function filterTerms(f: PendingFilter, now: Date): Prisma.DraftWhereInput[] {
  const and: Prisma.DraftWhereInput[] = [];
  if (f.tier) and.push({ tier: f.tier });
  if (f.warm) and.push({ warm: true });
  if (f.age === "lt1h") and.push({ createdAt: { gte: new Date(now.getTime() - HOUR) } });
  if (f.age === "lt24h") and.push({ createdAt: { gte: new Date(now.getTime() - 24 * HOUR) } });
  if (f.age === "gt24h") and.push({ createdAt: { lt: new Date(now.getTime() - 24 * HOUR) } });
  if (f.templateId) and.push({ templateVersion: { templateId: f.templateId } });
  return and;
}

const PENDING_SELECT = {
  id: true, version: true, status: true, subject: true, tier: true, score: true, warm: true, createdAt: true, snoozedUntil: true,
  recommendation: true, escalatedAt: true,
  templateVersion: { select: { template: { select: { name: true } } } },
  visitor: { select: { companyName: true, firstName: true, lastName: true, title: true } },
} as const;
type PendingRow = Prisma.DraftGetPayload<{ select: typeof PENDING_SELECT }>;

// Hottest first (score decides the tier), newest first within a score; id breaks ties for the cursor.
const ORDER: Prisma.DraftOrderByWithRelationInput[] = [{ score: "desc" }, { createdAt: "desc" }, { id: "asc" }];
const before = (a: Pick<PendingRow, "score" | "createdAt" | "id">, b: typeof a) =>
  a.score !== b.score ? b.score - a.score : a.createdAt.getTime() !== b.createdAt.getTime() ? b.createdAt.getTime() - a.createdAt.getTime() : a.id < b.id ? -1 : 1;

/** Rows strictly after the cursor row in ORDER (keyset; `score <= s` lets the index seek to it). */
function afterCursor(c: { score: number; createdAt: Date; id: string }): Prisma.DraftWhereInput {
  return {
    score: { lte: c.score },
    OR: [{ score: { lt: c.score } }, { score: c.score, createdAt: { lt: c.createdAt } }, { score: c.score, createdAt: c.createdAt, id: { gt: c.id } }],
  };
}

export async function listPending(db: Db, opts: { cursor?: string | null; limit: number; filter: PendingFilter; now: Date }) {
  const terms = filterTerms(opts.filter, opts.now);
  const base = awaitingReview(opts.now);
  const cursorRow = opts.cursor ? await db.draft.findUnique({ where: { id: opts.cursor }, select: { score: true, createdAt: true, id: true } }) : null;
  const page = (status: Prisma.DraftWhereInput) =>
    db.draft.findMany({ where: { AND: [status, ...terms, ...(cursorRow ? [afterCursor(cursorRow)] : [])] }, orderBy: ORDER, take: opts.limit + 1, select: PENDING_SELECT });
  // Two ordered walks of the (status, score, createdAt) index, merged here: one query over both
  // statuses would have to sort every waiting draft before it could return the first page.
  // The counts are grouped by (tier, warm) per waiting status. For the pending drafts (nearly all of
  // the queue) the index covers both columns, so no table row is read; the woken snoozes are read
  // through the (status, createdAt) index (snoozedUntil is not in it), a few rows. Counting over the
  // OR of the two statuses made SQLite fetch every waiting row: 3x the time at 1M visitors.
  const groups = (status: Prisma.DraftWhereInput) => db.draft.groupBy({ by: ["tier", "warm"], where: status, _count: { _all: true } });
  const [fresh, woken, waitingGroups, wokenGroups, filteredTotal, snoozed, templates] = await Promise.all([
    page({ status: "PENDING_REVIEW" }),
    page({ status: "SNOOZED", snoozedUntil: { lte: opts.now } }),
    groups({ status: "PENDING_REVIEW" }),
    groups({ status: "SNOOZED", snoozedUntil: { lte: opts.now } }),
    terms.length ? db.draft.count({ where: { AND: [base, ...terms] } }) : null,
    db.draft.count({ where: { status: "SNOOZED", snoozedUntil: { gt: opts.now } } }),
    db.template.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const rows = [...fresh, ...woken].sort(before).slice(0, opts.limit + 1);
  const tierCounts: Record<string, number> = {};
  let warm = 0;
  let all = 0;
  for (const g of [...waitingGroups, ...wokenGroups]) {
    tierCounts[g.tier] = (tierCounts[g.tier] ?? 0) + g._count._all;
    if (g.warm) warm += g._count._all;
    all += g._count._all;
  }
  return { rows, total: filteredTotal ?? all, tierCounts, warm, snoozed, templates };
}

/** The send claim's latest refusal for a draft (audit trail): why an approved draft is still waiting. */
export async function lastClaimRefusal(db: Db, draftId: string): Promise<{ reason: string | null; at: Date; evidence: string } | null> {
  return db.auditLog.findFirst({
    where: { subjectType: "draft", subjectId: draftId, action: "send.claim", decision: "DENY" },
    orderBy: { seq: "desc" }, select: { reason: true, at: true, evidence: true },
  });
}

export function loadDetail(db: Db, draftId: string) {
  return db.draft.findUnique({
    where: { id: draftId },
    select: {
      id: true, version: true, status: true, subject: true, body: true, tier: true, score: true, warm: true, createdAt: true, decidedAt: true,
      snoozedUntil: true, escalatedAt: true, recommendation: true, recommendationReason: true, qualityChecks: true, scoreBreakdown: true, evidence: true,
      sendAfter: true,
      templateVersion: { select: { version: true, template: { select: { name: true } } } },
      subjectVariant: { select: { key: true } },
      visitor: {
        select: {
          id: true, email: true, firstName: true, lastName: true, title: true, linkedinUrl: true, companyName: true, companyDomain: true, website: true,
          industry: true, employeeCountMin: true, employeeCountMax: true, revenueEstimate: true, city: true, state: true, visitCount: true,
          firstSeenAt: true, lastSeenAt: true, erasedAt: true,
        },
      },
      reviews: {
        orderBy: { createdAt: "asc" },
        select: { decision: true, createdAt: true, reasonTag: true, note: true, diff: true, reviewer: { select: { name: true } } },
      },
      send: { select: { status: true, mode: true, sentAt: true, error: true } },
    },
  });
}

/** Earlier drafts to the same person or the same company domain (newest first), with the replies their e-mails drew. */
export function previousContact(db: Db, draft: { id: string; visitorId: string; companyDomain: string | null }, limit = 10) {
  const who: Prisma.DraftWhereInput[] = [{ visitorId: draft.visitorId }];
  if (draft.companyDomain) who.push({ visitor: { companyDomain: draft.companyDomain } });
  return db.draft.findMany({
    where: { id: { not: draft.id }, OR: who },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true, subject: true, status: true, createdAt: true, visitorId: true,
      // Replies as outcome rows (when and how they were classified); their text stays out of the inbox list.
      send: { select: { sentAt: true, outcomes: { where: { type: "REPLY" }, orderBy: { occurredAt: "asc" }, take: 5, select: { occurredAt: true, classification: true } } } },
      visitor: { select: { firstName: true, lastName: true } },
    },
  });
}

export async function listOutbox(db: Db, opts: { cursor?: string | null; limit: number }) {
  const [rows, total] = await Promise.all([
    db.sandboxOutbox.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: opts.limit + 1,
      ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
      select: { id: true, toAddress: true, subject: true, html: true, createdAt: true, send: { select: { draftId: true, status: true, mode: true } } },
    }),
    db.sandboxOutbox.count(),
  ]);
  return { rows, total };
}
