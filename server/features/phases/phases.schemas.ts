import { z } from "zod";
import { PHASES } from "@/server/domain/phases";

const criterion = z.object({
  key: z.string(), label: z.string(), kind: z.enum(["metric", "manual"]), value: z.string(), required: z.string(), pass: z.boolean(),
  checkedBy: z.string().nullable().optional(), comment: z.string().nullable().optional(), updatedAt: z.string().nullable().optional(),
});

export const phaseOverviewOutput = z.object({
  phase: z.enum(PHASES),
  since: z.string(),
  next: z.enum(PHASES).nullable(),
  criteria: z.array(criterion),
  canAdvance: z.boolean(),
  blockedReason: z.string().nullable(),
  history: z.array(z.object({ from: z.string(), to: z.string(), direction: z.string(), by: z.string().nullable(), comment: z.string().nullable(), at: z.string() })),
});

export const tickInput = z.object({
  gate: z.enum(["assisted", "expansion", "full"]),
  item: z.string().min(1).max(60),
  checked: z.boolean(),
  comment: z.string().trim().min(3, "Say why in a few words").max(500),
});

export const advanceInput = z.object({
  to: z.enum(PHASES),
  comment: z.string().trim().min(3, "A sign-off needs a comment").max(500),
  confirm: z.literal(true, { error: "Confirm the change" }),
});

export const moveDownInput = z.object({ to: z.enum(PHASES), reason: z.string().trim().min(3).max(500) });
