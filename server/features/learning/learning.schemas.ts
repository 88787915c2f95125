import { z } from "zod";

const interval = z.object({ mean: z.number(), lo: z.number(), hi: z.number() });

export const overviewOutput = z.object({
  computedAt: z.string(),
  sends: z.number(),
  settledSends: z.number(),
  replies: z.number(),
  positives: z.number(),
  halfLifeDays: z.number(),
  contexts: z.array(z.object({
    context: z.string(),
    tier: z.string(),
    persona: z.string(),
    sends: z.number(),
    conclusion: z.string(),
    arms: z.array(z.object({
      templateId: z.string(), templateKey: z.string(), variantKey: z.string(), subject: z.string(),
      sends: z.number(), replies: z.number(), positives: z.number(), meanReward: z.number().nullable(),
      pPositive: interval, pBest: z.number(),
    })),
  })),
  flagged: z.array(z.object({ templateId: z.string(), key: z.string(), name: z.string(), flaggedAt: z.string(), reason: z.string() })),
  reviews: z.array(z.object({ templateKey: z.string(), reviewedAt: z.string(), reviewedBy: z.string(), flagReason: z.string(), note: z.string().nullable() })),
  sendTimes: z.array(z.object({
    persona: z.string(), sends: z.number(), overall: z.number(),
    best: z.array(z.object({ label: z.string(), sends: z.number(), replies: z.number(), rate: interval })),
  })),
  sendTimeSettings: z.object({ enabled: z.boolean(), maxDelayHours: z.number() }),
  icp: z.object({
    pending: z.object({
      id: z.string(), createdAt: z.string(), basedOnSends: z.number(),
      evidence: z.array(z.object({
        signal: z.string(), withSends: z.number(), withPositives: z.number(), withoutSends: z.number(), withoutPositives: z.number(),
        lift: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable(), current: z.number(), proposed: z.number(), verdict: z.string(),
      })),
    }).nullable(),
    history: z.array(z.object({ id: z.string(), status: z.string(), createdAt: z.string(), decidedAt: z.string().nullable(), proposed: z.record(z.string(), z.number()) })),
  }),
});
export type Overview = z.infer<typeof overviewOutput>;

export const reviewFlagInput = z.object({ templateId: z.string().min(1), note: z.string().max(500).nullish() });
export const reviewFlagOutput = z.object({ templateId: z.string(), reviewedAt: z.string() });
export const decideIcpInput = z.object({ id: z.string().min(1), accept: z.boolean(), note: z.string().max(500).nullish() });
export const decideIcpOutput = z.object({ id: z.string(), status: z.string() });
export const refreshOutput = z.object({ flagged: z.array(z.object({ templateId: z.string(), key: z.string(), reason: z.string() })), icpProposalId: z.string().nullable() });
