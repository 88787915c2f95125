/**
 * Which rows each counted figure is made of. The roll-up counts with these filters and the
 * drill-down lists with the very same filters, so a number and its rows cannot disagree.
 * `rollup` names the MetricDaily column that holds each source's count: a drill-down's total is
 * read from it (a few rows, whatever the data size). Send errors and valued deals are rare rows
 * whose count is a cheap indexed range count, and the first also changes on old days (a send
 * that needed review is later resolved), so they are counted live.
 */
export const HUMAN_REPLY_CLASSES = ["POSITIVE", "NEGATIVE", "NEUTRAL", "UNSUBSCRIBE"];

type Range = { gte: Date; lt: Date };

export const SOURCES = {
  visitors: { table: "visitor", rollup: "visitors", where: (r: Range) => ({ createdAt: r }) },
  visitorsEnriched: { table: "visitor", rollup: "visitorsEnriched", where: (r: Range) => ({ createdAt: r, enrichmentStatus: "COMPLETE" }) },
  drafts: { table: "draft", rollup: "drafts", where: (r: Range) => ({ createdAt: r }) },
  sent: { table: "send", rollup: "sent", where: (r: Range) => ({ status: "SENT", sentAt: r }) },
  sendErrors: { table: "send", rollup: null, where: (r: Range) => ({ status: { in: ["FAILED", "NEEDS_REVIEW"] }, claimedAt: r }) },
  bounces: { table: "outcome", rollup: "bounces", where: (r: Range) => ({ type: "BOUNCE", occurredAt: r }) },
  complaints: { table: "outcome", rollup: "complaints", where: (r: Range) => ({ type: "COMPLAINT", occurredAt: r }) },
  opens: { table: "outcome", rollup: "opens", where: (r: Range) => ({ type: "OPENED", occurredAt: r }) },
  replies: { table: "outcome", rollup: "replies", where: (r: Range) => ({ type: "REPLY", occurredAt: r, classification: { in: HUMAN_REPLY_CLASSES } }) },
  positiveReplies: { table: "outcome", rollup: "positiveReplies", where: (r: Range) => ({ type: "REPLY", occurredAt: r, classification: "POSITIVE" }) },
  meetings: { table: "outcome", rollup: "meetings", where: (r: Range) => ({ type: "MEETING", occurredAt: r }) },
  pipeline: { table: "outcome", rollup: null, where: (r: Range) => ({ type: { in: ["MEETING", "OPPORTUNITY"] }, occurredAt: r, value: { not: null } }) },
  reviews: { table: "review", rollup: "reviews", where: (r: Range) => ({ createdAt: r, decision: { not: "SNOOZE" }, systemRecommendation: { not: null } }) },
  ratings: { table: "emailRating", rollup: "qualityRatings", where: (r: Range) => ({ createdAt: r }) },
} as const;

export type SourceKey = keyof typeof SOURCES;
