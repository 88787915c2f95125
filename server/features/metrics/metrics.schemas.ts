import { z } from "zod";
import { SOURCES } from "./metric-sources";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use YYYY-MM-DD");

export const rangeInput = z
  .object({ from: day, to: day })
  .refine((r) => r.from <= r.to, { message: "The start must not be after the end" })
  .refine((r) => (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= 731, { message: "At most two years at a time" });

export const scorecardsOutput = z.object({
  days: z.number(),
  cards: z.array(
    z.object({
      key: z.string(), label: z.string(), format: z.string(), value: z.number().nullable(), target: z.string(), gate: z.string(),
      meetsTarget: z.boolean(), sources: z.array(z.string()),
      series: z.array(z.object({ day: z.string(), value: z.number().nullable() })),
    }),
  ),
});

export const drillDownInput = z.object({
  source: z.enum(Object.keys(SOURCES) as [keyof typeof SOURCES, ...(keyof typeof SOURCES)[]]),
  from: day,
  to: day,
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const drillDownOutput = z.object({
  total: z.number(),
  nextCursor: z.string().nullable(),
  rows: z.array(z.object({ id: z.string(), at: z.string(), title: z.string(), detail: z.string() })),
});
