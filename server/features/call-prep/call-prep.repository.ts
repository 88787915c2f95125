import type { DbOrTx } from "@/server/db/client";

/** Everything a brief is built from, for the meeting outcome `outcomeId` (Prisma only). */
export async function meetingContext(db: DbOrTx, outcomeId: string) {
  const o = await db.outcome.findUnique({
    where: { id: outcomeId },
    select: {
      id: true, type: true, occurredAt: true, payload: true,
      send: { select: { id: true, sentAt: true, providerContactId: true, draft: { select: { id: true, visitorId: true, subject: true, body: true, evidence: true, reviews: { where: { editedBody: { not: null } }, orderBy: { createdAt: "desc" }, take: 1, select: { editedSubject: true, editedBody: true } } } } } },
    },
  });
  if (!o?.send) return null;
  const visitorId = o.send.draft.visitorId;
  const [visitor, pages, enrichment, sends] = await Promise.all([
    db.visitor.findUnique({
      where: { id: visitorId },
      select: {
        id: true, firstName: true, lastName: true, title: true, email: true, linkedinUrl: true, companyName: true, companyDomain: true, industry: true,
        employeeCountMin: true, employeeCountMax: true, revenueEstimate: true, city: true, state: true, visitCount: true, score: true, tier: true, warm: true,
        scoreBreakdown: true, erasedAt: true,
      },
    }),
    db.pageView.findMany({ where: { visitorId }, orderBy: { seenAt: "desc" }, take: 20, select: { url: true, seenAt: true } }),
    db.enrichmentRequest.findFirst({ where: { visitorId, status: "COMPLETED", result: { not: null } }, orderBy: { completedAt: "desc" }, select: { id: true, result: true, completedAt: true } }),
    // The whole thread with this person: every send to them and the replies each drew.
    db.send.findMany({
      where: { draft: { visitorId }, sentAt: { not: null }, status: "SENT" }, orderBy: { sentAt: "asc" },
      select: { id: true, sentAt: true, draft: { select: { subject: true, body: true } }, outcomes: { where: { type: "REPLY" }, orderBy: { occurredAt: "asc" }, select: { occurredAt: true, classification: true, payload: true } } },
    }),
  ]);
  return visitor ? { outcome: o, send: o.send, visitor, pages, enrichment, sends } : null;
}

export function byOutcome(db: DbOrTx, outcomeId: string) {
  return db.callPrep.findUnique({ where: { outcomeId }, select: { id: true, status: true } });
}

export function byId(db: DbOrTx, id: string) {
  return db.callPrep.findUnique({ where: { id } });
}

export async function list(db: DbOrTx, opts: { cursor?: string | null; limit: number }) {
  const [rows, total, dryRuns] = await Promise.all([
    db.callPrep.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: opts.limit + 1, ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
      select: { id: true, createdAt: true, status: true, dryRun: true, writeMode: true, brief: true, draftId: true },
    }),
    db.callPrep.count(),
    db.callPrep.count({ where: { dryRun: true } }),
  ]);
  return { rows, total, dryRuns };
}

export function forDraft(db: DbOrTx, draftId: string) {
  return db.callPrep.findMany({ where: { draftId }, orderBy: { createdAt: "desc" }, select: { id: true, status: true, dryRun: true, createdAt: true } });
}
