import type { Db } from "@/server/db/client";

export interface DefaultTemplate {
  key: string;
  name: string;
  tier: "LOW" | "MEDIUM" | "HOT";
  angle: string;
  body: string;
  variants: { key: string; subject: string }[];
}

/** The team's starting templates: one or more per tier, each with an A/B subject pair. */
export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    key: "hot-pricing",
    name: "HOT: pricing follow-up",
    tier: "HOT",
    angle: "pricing",
    body: "Hi {{ first_name }},\n\nI noticed {{ company_name }} has been looking at how teams like yours roll out outbound without adding headcount. Most {{ title }}s we talk to want two things: predictable pipeline and no surprises in the inbox.\n\nWe help revenue teams qualify website visitors, draft grounded emails and send only what a human would approve. Would a 20-minute walkthrough next week be useful?\n",
    variants: [
      { key: "A", subject: "Quick question about {{ company_name }}'s pipeline" },
      { key: "B", subject: "{{ first_name }}, a walkthrough for {{ company_name }}?" },
    ],
  },
  {
    key: "medium-case-study",
    name: "MEDIUM: case study",
    tier: "MEDIUM",
    angle: "case-study",
    body: "Hi {{ first_name }},\n\nTeams in {{ industry }} often tell us their best leads visit the website and never hear back. We built a way to spot those visits, enrich them and reach out with something relevant, with a person approving every message.\n\nI can share a short case study from a company about the size of {{ company_name }} if that would help. Worth a look?\n",
    variants: [
      { key: "A", subject: "How {{ industry }} teams follow up on website visits" },
      { key: "B", subject: "A case study for {{ company_name }}" },
    ],
  },
  {
    key: "low-intro",
    name: "LOW: light introduction",
    tier: "LOW",
    angle: "intro",
    body: "Hi {{ first_name }},\n\nThanks for stopping by our site. We help small sales teams turn anonymous website visits into conversations, with guardrails so nothing goes out that should not.\n\nIf outbound is on your list this quarter, I would be glad to send over a two-minute overview. No pressure either way.\n",
    variants: [
      { key: "A", subject: "Thanks for visiting, {{ first_name }}" },
      { key: "B", subject: "A two-minute overview for {{ company_name }}" },
    ],
  },
];

/** Creates any missing default template (version 1 and its variants); leaves existing ones alone. */
export async function ensureDefaultTemplates(db: Db): Promise<void> {
  for (const t of DEFAULT_TEMPLATES) {
    const existing = await db.template.findUnique({ where: { key: t.key }, select: { id: true } });
    if (existing) continue;
    await db.template.create({
      data: {
        key: t.key, name: t.name, tier: t.tier, angle: t.angle,
        versions: { create: { version: 1, body: t.body, createdBy: "seed" } },
        variants: { create: t.variants },
      },
    });
  }
}
