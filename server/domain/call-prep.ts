/**
 * PREPPER call-prep briefs (issue 7 item 8): pure rules that turn the facts we hold about a lead
 * into suggested talking points and into the text written to GHL custom fields. No LLM: every
 * point names the fact it comes from, so the caller can trust (and check) it.
 */
export interface BriefFact {
  field: string;
  value: string;
  source: string;
  dataId: string;
  verifiedAt: string;
}

export interface BriefMessage {
  direction: "OUT" | "IN";
  at: string;
  subject: string | null;
  text: string;
  classification: string | null;
}

export interface CallPrepBrief {
  person: { name: string | null; title: string | null; email: string | null; linkedinUrl: string | null };
  company: { name: string | null; domain: string | null; industry: string | null; employees: string | null; revenue: string | null; location: string | null };
  meeting: { startTime: string | null; bookedAt: string };
  visits: { count: number; pages: { url: string; seenAt: string }[] };
  score: { score: number | null; tier: string | null; warm: boolean; breakdown: { signal: string; points: number; detail: string }[] };
  facts: BriefFact[];
  thread: BriefMessage[];
  talkingPoints: string[];
}

export type BriefFacts = Omit<CallPrepBrief, "talkingPoints">;

const PAGE_POINTS: Record<string, string> = {
  pricing: "They looked at pricing: be ready to talk plans and numbers.",
  roi: "They used the ROI calculator: bring the figures for a company their size.",
  implementation: "They read implementation / getting-started pages: walk through onboarding and time to value.",
  case_studies: "They read case studies: have one from their industry ready.",
  product: "They browsed product pages: ask which capability brought them in.",
};

const SENIOR = new Set(["c_level", "founder", "owner", "vp", "head", "director"]);

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

/** Suggested talking points, most useful first, each traceable to a fact in the brief. */
export function talkingPoints(b: BriefFacts, max = 8): string[] {
  const out: string[] = [];
  const reply = [...b.thread].reverse().find((m) => m.direction === "IN" && m.text.trim() !== "" && m.classification !== "OUT_OF_OFFICE");
  if (reply) out.push(`Open with their reply (${(reply.classification ?? "reply").toLowerCase()}): “${clip(reply.text.replace(/\s+/g, " ").trim(), 160)}”`);
  const warm = b.score.breakdown.find((x) => x.signal === "warm_connection");
  if (warm) out.push(`Warm connection: ${warm.detail}. Mention it early.`);
  for (const item of b.score.breakdown) {
    if (!item.signal.startsWith("page:")) continue;
    const point = PAGE_POINTS[item.signal.slice(5)];
    if (point) out.push(point);
  }
  if (b.visits.count >= 3) out.push(`They visited ${b.visits.count} times: ask what they are evaluating and by when.`);
  const seniority = b.score.breakdown.find((x) => x.signal === "seniority")?.detail ?? null;
  if (seniority && SENIOR.has(seniority)) out.push(`${b.person.title ?? "Senior title"}: likely a decision maker, so focus on outcomes and next steps.`);
  else if (b.person.title) out.push(`${b.person.title}: ask who else is involved in the decision.`);
  if (b.score.breakdown.some((x) => x.signal === "icp_industry") && b.company.industry) out.push(`ICP fit in ${b.company.industry}: use a reference customer from that industry.`);
  const news = b.facts.find((f) => f.field === "recentNews");
  if (news) out.push(`Recent news (${news.source}): “${clip(news.value, 140)}” — a natural opener.`);
  const tech = b.facts.find((f) => f.field === "technologies");
  if (tech) out.push(`Their stack (${tech.source}): ${clip(tech.value, 120)}. Check integrations before the call.`);
  out.push("Confirm the problem they want solved, then agree a concrete next step.");
  return [...new Set(out)].slice(0, max);
}

/** GHL custom field keys the brief is written to (configurable in settings). */
export interface CallPrepFieldKeys {
  brief: string;
  talkingPoints: string;
  score: string;
  link: string;
}

/** GHL large-text fields hold long values, but a brief that needs scrolling is not read before a call. */
export const FIELD_MAX_CHARS = 4000;

/** The custom-field values written to the GHL contact: `{ key, field_value }` as GHL's contacts API takes them. */
export function briefFields(b: CallPrepBrief, keys: CallPrepFieldKeys, link: string): { key: string; field_value: string }[] {
  const who = [b.person.name, b.person.title, b.company.name].filter(Boolean).join(" · ");
  const company = [b.company.industry, b.company.employees ? `${b.company.employees} employees` : null, b.company.location].filter(Boolean).join(", ");
  const pages = b.visits.pages.slice(0, 8).map((p) => `- ${p.url}`).join("\n");
  const lastIn = [...b.thread].reverse().find((m) => m.direction === "IN");
  const brief = [
    who && `Who: ${who}`,
    company && `Company: ${company}`,
    b.meeting.startTime && `Meeting: ${b.meeting.startTime}`,
    `Visits: ${b.visits.count}${pages ? `\n${pages}` : ""}`,
    lastIn && `Their reply: ${clip(lastIn.text.replace(/\s+/g, " ").trim(), 600)}`,
    b.facts.length > 0 && `Facts:\n${b.facts.slice(0, 10).map((f) => `- ${f.field}: ${clip(f.value, 200)} (${f.source})`).join("\n")}`,
  ].filter(Boolean).join("\n");
  const score = `${b.score.score ?? "?"} (${b.score.tier ?? "?"}${b.score.warm ? ", warm" : ""}): ${b.score.breakdown.map((x) => `${x.signal} +${x.points}`).join(", ")}`;
  return [
    { key: keys.brief, field_value: clip(brief, FIELD_MAX_CHARS) },
    { key: keys.talkingPoints, field_value: clip(b.talkingPoints.map((p) => `• ${p}`).join("\n"), FIELD_MAX_CHARS) },
    { key: keys.score, field_value: clip(score, 500) },
    { key: keys.link, field_value: link },
  ];
}
