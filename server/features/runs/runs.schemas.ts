import { z } from "zod";

export const RUN_STATUSES = ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const;

export const runsListInput = z.object({
  cursor: z.string().max(40).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
  status: z.enum(RUN_STATUSES).optional(),
  functionId: z.string().max(200).optional(),
});

export const runRowDto = z.object({
  id: z.string(),
  functionId: z.string(),
  status: z.string(),
  attempts: z.number(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export const runsListOutput = z.object({ rows: z.array(runRowDto), nextCursor: z.string().nullable(), functions: z.array(z.string()) });

export const runIdInput = z.object({ runId: z.string().min(1).max(40) });

export const stepDto = z.object({
  stepId: z.string(),
  name: z.string(),
  op: z.string(),
  status: z.string(),
  attempts: z.number(),
  output: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});
export const timelineEntryDto = z.object({ at: z.string(), label: z.string() });

export const runDetailOutput = runRowDto.extend({
  eventId: z.string(),
  eventName: z.string(),
  output: z.string().nullable(),
  error: z.string().nullable(),
  steps: z.array(stepDto),
  timeline: z.array(timelineEntryDto),
  pending: z.array(z.object({ kind: z.string(), stepId: z.string(), attempt: z.number(), at: z.string() })),
});

export const cancelOutput = z.object({ ok: z.literal(true) });
export const replayOutput = z.object({ eventIds: z.array(z.string()) });
