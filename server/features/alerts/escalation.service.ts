import type { Db } from "@/server/db/client";
import { raiseAlert, type RaiseDeps } from "./alerts.service";

/**
 * Review alerts (DESIGN.md §3 step 6): a HOT draft entering the inbox alerts at once; any draft
 * with no action for 2 h escalates, once. The inbox shows the draft as alerted once its alert was
 * delivered (Slack) or stored (sandbox) — Draft.escalatedAt, written by the alert deliverer.
 */
export const ESCALATE_AFTER_MS = 2 * 3_600_000;
/** Escalations per tick: a backlog drains over a few ticks instead of flooding the channel. */
const ESCALATIONS_PER_TICK = 20;

const AWAITING = (now: Date) => ({ OR: [{ status: "PENDING_REVIEW" }, { status: "SNOOZED", snoozedUntil: { lte: now } }] });

function describe(d: { score: number; tier: string; warm: boolean; visitor: { title: string | null; companyName: string | null } }) {
  const who = [d.visitor.title, d.visitor.companyName].filter(Boolean).join(" at ") || "unknown contact";
  return `${d.tier}${d.warm ? " (warm)" : ""}, score ${d.score}: ${who}`;
}

const DRAFT_SELECT = { id: true, status: true, subject: true, score: true, tier: true, warm: true, snoozedUntil: true, visitor: { select: { title: true, companyName: true } } } as const;

/** The immediate alert for a HOT draft queued for review; nothing when it was already handled. */
export async function alertHotLead(db: Db, draftId: string, deps: RaiseDeps = {}) {
  const now = deps.now ?? new Date();
  const d = await db.draft.findUnique({ where: { id: draftId }, select: DRAFT_SELECT });
  if (!d) return { alerted: false, reason: "draft not found" };
  const waiting = d.status === "PENDING_REVIEW" || (d.status === "SNOOZED" && d.snoozedUntil !== null && d.snoozedUntil <= now);
  if (!waiting) return { alerted: false, reason: `draft is ${d.status}` };
  const r = await raiseAlert(db, {
    kind: "HOT_LEAD", severity: "WARNING", title: "HOT lead waiting for review",
    text: `${describe(d)}. Subject: "${d.subject}". Approve, edit or reject it in the inbox.`,
    link: `/inbox/${d.id}`, dedupeKey: `hot:${d.id}`, subject: { type: "draft", id: d.id },
  }, { ...deps, now });
  return { alerted: r.created, reason: r.created ? "alert raised" : "already alerted" };
}

/** Drafts waiting for a decision for more than 2 h (since they entered review or were last acted on) escalate once. */
export async function escalateWaitingReviews(db: Db, deps: RaiseDeps = {}) {
  const now = deps.now ?? new Date();
  const cutoff = new Date(now.getTime() - ESCALATE_AFTER_MS);
  const candidates = await db.draft.findMany({
    where: {
      AND: [
        AWAITING(now),
        { OR: [{ decidedAt: { lte: cutoff } }, { decidedAt: null, createdAt: { lte: cutoff } }] },
        // A snooze is an action: its 2 h count from when it ended.
        { OR: [{ snoozedUntil: null }, { snoozedUntil: { lte: cutoff } }] },
        { reviews: { none: { createdAt: { gt: cutoff } } } },
      ],
    },
    orderBy: [{ score: "desc" }, { createdAt: "asc" }],
    take: 200,
    select: { ...DRAFT_SELECT, createdAt: true, decidedAt: true },
  });
  const done = new Set((await db.alert.findMany({
    where: { dedupeKey: { in: candidates.map((c) => `review-waiting:${c.id}`) } }, select: { subjectId: true },
  })).map((a) => a.subjectId));
  let raised = 0;
  for (const d of candidates) {
    if (done.has(d.id) || raised >= ESCALATIONS_PER_TICK) continue;
    const since = d.decidedAt ?? d.createdAt;
    const hours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
    const r = await raiseAlert(db, {
      kind: "REVIEW_WAITING", severity: d.tier === "HOT" ? "CRITICAL" : "WARNING", title: `Review waiting over ${Math.max(2, hours)} h`,
      text: `${describe(d)}. Subject: "${d.subject}". No decision since ${since.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      link: `/inbox/${d.id}`, dedupeKey: `review-waiting:${d.id}`, subject: { type: "draft", id: d.id },
    }, { ...deps, now });
    if (r.created) raised++;
  }
  return { candidates: candidates.length, raised };
}
