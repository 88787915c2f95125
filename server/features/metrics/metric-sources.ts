/**
 * Which rows each counted figure is made of. The roll-up counts with these filters and the
 * drill-down lists with the very same filters, so a number and its rows cannot disagree.
 */
export const HUMAN_REPLY_CLASSES = ["POSITIVE", "NEGATIVE", "NEUTRAL", "UNSUBSCRIBE"];

type Range = { gte: Date; lt: Date };

export const SOURCES = {
  visitors: { table: "visitor", where: (r: Range) => ({ createdAt: r }) },
  visitorsEnriched: { table: "visitor", where: (r: Range) => ({ createdAt: r, enrichmentStatus: "COMPLETE" }) },
  drafts: { table: "draft", where: (r: Range) => ({ createdAt: r }) },
  sent: { table: "send", where: (r: Range) => ({ status: "SENT", sentAt: r }) },
  sendErrors: { table: "send", where: (r: Range) => ({ status: { in: ["FAILED", "NEEDS_REVIEW"] }, claimedAt: r }) },
  bounces: { table: "outcome", where: (r: Range) => ({ type: "BOUNCE", occurredAt: r }) },
  complaints: { table: "outcome", where: (r: Range) => ({ type: "COMPLAINT", occurredAt: r }) },
  opens: { table: "outcome", where: (r: Range) => ({ type: "OPENED", occurredAt: r }) },
  replies: { table: "outcome", where: (r: Range) => ({ type: "REPLY", occurredAt: r, classification: { in: HUMAN_REPLY_CLASSES } }) },
  positiveReplies: { table: "outcome", where: (r: Range) => ({ type: "REPLY", occurredAt: r, classification: "POSITIVE" }) },
  meetings: { table: "outcome", where: (r: Range) => ({ type: "MEETING", occurredAt: r }) },
  pipeline: { table: "outcome", where: (r: Range) => ({ type: { in: ["MEETING", "OPPORTUNITY"] }, occurredAt: r, value: { not: null } }) },
  reviews: { table: "review", where: (r: Range) => ({ createdAt: r, decision: { not: "SNOOZE" }, systemRecommendation: { not: null } }) },
  ratings: { table: "emailRating", where: (r: Range) => ({ createdAt: r }) },
} as const;

export type SourceKey = keyof typeof SOURCES;
