import type { Db } from "@/server/db/client";

/**
 * The starter templates (data, not code paths): at least one per tier, each with A/B subject
 * variants. Variables are grounded facts only (server/features/drafting/render.ts lists them);
 * optional facts are wrapped in `{% if %}` so a missing one never leaves a hole.
 * prisma/seed.ts imports DEFAULT_TEMPLATES / ensureDefaultTemplates.
 */
export interface DefaultTemplate {
  key: string;
  name: string;
  tier: "LOW" | "MEDIUM" | "HOT";
  /** Page signal the angle speaks to ("general" fits any). */
  angle: string;
  body: string;
  subjects: { key: string; subject: string }[];
}

export const DEFAULT_TEMPLATES: DefaultTemplate[] = [
  {
    key: "hot-pricing",
    name: "HOT · pricing follow-up",
    tier: "HOT",
    angle: "pricing",
    body: `Hi {{ first_name }},

You were looking at our pricing for {{ company_name }}, so I will skip the generic pitch.{% if industry %} Teams in {{ industry }} usually ask us two things at this stage: how quickly the first outbound sequences go live, and what it costs once volume grows.{% else %} Most teams at this stage ask two things: how quickly the first outbound sequences go live, and what it costs once volume grows.{% endif %}

The short answer is that most customers send their first reviewed emails within a week, and pricing stays flat per seat rather than per contact. I can walk you through the plan that fits {{ company_name }} and show real numbers from a customer of a similar size.

Would twenty minutes on Thursday or Friday work for you?`,
    subjects: [
      { key: "A", subject: "Pricing for {{ company_name }}" },
      { key: "B", subject: "{{ first_name }}, a plan that fits {{ company_name }}" },
    ],
  },
  {
    key: "hot-implementation",
    name: "HOT · getting started",
    tier: "HOT",
    angle: "implementation",
    body: `Hi {{ first_name }},

I saw that someone at {{ company_name }} was reading our getting started guide, which usually means the question has moved from "why" to "how long will this take".

Here is the honest version: connecting your site visitor data and your CRM takes about a day, and the first drafts land in your review inbox the same week. Nothing is sent without your approval until you decide it should be.{% if technologies %} Since you already run {{ technologies }}, the setup is mostly configuration.{% endif %}

If it helps, I can share the rollout checklist we use with new teams. Should I send it over?`,
    subjects: [
      { key: "A", subject: "Getting {{ company_name }} live in a week" },
      { key: "B", subject: "The rollout checklist for {{ company_name }}" },
    ],
  },
  {
    key: "medium-case-study",
    name: "MEDIUM · case study",
    tier: "MEDIUM",
    angle: "case_studies",
    body: `Hi {{ first_name }},

Thanks for spending time on our site. {% if industry %}Because {{ company_name }} works in {{ industry }}, I thought a concrete example might be more useful than a feature list.{% else %}I thought a concrete example might be more useful than a feature list.{% endif %}

One of our customers, a revenue team of about forty people, used to spend two days replying to inbound interest. After moving to reviewed, personalised outreach they answer within the hour and book roughly a third more first meetings each month.

If that sounds relevant for {{ company_name }}, I am happy to share how they set it up. Would a short call next week be useful?`,
    subjects: [
      { key: "A", subject: "How a team like {{ company_name }} books more meetings" },
      { key: "B", subject: "A quick example for {{ company_name }}" },
    ],
  },
  {
    key: "low-intro",
    name: "LOW · light introduction",
    tier: "LOW",
    angle: "general",
    body: `Hi {{ first_name }},

I noticed {{ company_name }} stopped by our website recently, so I wanted to introduce myself briefly rather than send a long pitch.

We help small sales teams turn website visits into timely, personal follow-ups, with a person approving every message before it goes out. Most teams start with a handful of emails a day and grow from there once they trust the drafts.

If improving follow-up is on your list this quarter, I would be glad to share a two-minute overview. No pressure either way, and thanks for reading.`,
    subjects: [
      { key: "A", subject: "Following up on your visit, {{ first_name }}" },
      { key: "B", subject: "A short note for {{ company_name }}" },
    ],
  },
];

/**
 * Inserts the default templates that are missing (by key) with version 1 and their subject
 * variants; existing templates, versions and variants are left untouched. Safe to run repeatedly.
 */
export async function ensureDefaultTemplates(db: Db): Promise<{ created: number }> {
  let created = 0;
  for (const t of DEFAULT_TEMPLATES) {
    const exists = await db.template.findUnique({ where: { key: t.key }, select: { id: true } });
    if (exists) continue;
    try {
      await db.template.create({
        data: {
          key: t.key, name: t.name, tier: t.tier, angle: t.angle,
          versions: { create: { version: 1, body: t.body, createdBy: "system" } },
          variants: { create: t.subjects.map((s) => ({ key: s.key, subject: s.subject })) },
        },
        select: { id: true },
      });
      created++;
    } catch (e) {
      // another process seeded the same key concurrently: that is the desired end state
      if (!/unique/i.test((e as Error).message) && (e as { code?: string }).code !== "P2002") throw e;
    }
  }
  return { created };
}
