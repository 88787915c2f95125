import { z } from "zod";

const field = (max = 500) => z.string().trim().max(max).nullish().transform((v) => v || null);

/** Body of Clay's HTTP-API column call to POST /api/webhooks/clay. Unknown keys are dropped. */
export const clayCallback = z.object({
  requestId: z.string({ error: "is required" }).min(1, "is required").max(64),
  status: z.enum(["ok", "error"]).default("ok"),
  error: z.string().max(500).nullish(),
  data: z
    .object({
      email: z.email("must be an e-mail address").max(254).nullish().or(z.literal("").transform(() => null)),
      firstName: field(100),
      lastName: field(100),
      title: field(300),
      linkedinUrl: field(500),
      companyName: field(200),
      companyDomain: field(253),
      industry: field(200),
      employeeCount: z.union([z.number().int().min(0), z.string().max(50)]).nullish(),
      companyDescription: field(1000),
      recentNews: field(1000),
      technologies: z.union([z.array(z.string().max(100)).max(50), z.string().max(1000)]).nullish()
        .transform((v) => (v == null ? null : (Array.isArray(v) ? v : v.split(",")).map((t) => t.trim()).filter(Boolean))),
      city: field(100),
      state: field(100),
      country: field(100),
    })
    .prefault({}),
});
export type ClayCallback = z.infer<typeof clayCallback>;
export type EnrichmentData = ClayCallback["data"];
