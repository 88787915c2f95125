import { describe, expect, it } from "vitest";
import { briefFields, talkingPoints, type BriefFacts, type CallPrepBrief } from "./call-prep";

const base: BriefFacts = {
  person: { name: "Sam Lee", title: "VP Sales", email: "sam@acme.test", linkedinUrl: null },
  company: { name: "Acme", domain: "acme.test", industry: "Software", employees: "50–200", revenue: null, location: "Austin, TX" },
  meeting: { startTime: "2026-12-01T15:00:00Z", bookedAt: "2026-11-24T10:00:00Z" },
  visits: { count: 1, pages: [{ url: "https://x.test/pricing", seenAt: "2026-11-20T10:00:00Z" }] },
  score: { score: 72, tier: "HOT", warm: false, breakdown: [] },
  facts: [],
  thread: [],
};
const with_ = (patch: Partial<BriefFacts>): BriefFacts => ({ ...base, ...patch });

describe("talkingPoints", () => {
  it.each<[string, BriefFacts, RegExp]>([
    ["their reply comes first", with_({ thread: [{ direction: "OUT", at: "a", subject: "Hi", text: "our mail", classification: null }, { direction: "IN", at: "b", subject: "Re", text: "Yes, keen to see the  integration story", classification: "POSITIVE" }] }), /^Open with their reply \(positive\): “Yes, keen to see the integration story”/],
    ["an out-of-office is not a reply to open with", with_({ thread: [{ direction: "IN", at: "b", subject: "Re", text: "I am away", classification: "OUT_OF_OFFICE" }] }), /^VP Sales: ask who else is involved/],
    ["warm connection", with_({ score: { ...base.score, warm: true, breakdown: [{ signal: "warm_connection", points: 15, detail: "worked at Globex" }] } }), /^Warm connection: worked at Globex/],
    ["pricing page", with_({ score: { ...base.score, breakdown: [{ signal: "page:pricing", points: 20, detail: "Viewed pricing" }] } }), /^They looked at pricing/],
    ["senior title", with_({ score: { ...base.score, breakdown: [{ signal: "seniority", points: 10, detail: "vp" }] } }), /^VP Sales: likely a decision maker/],
  ])("%s", (_, facts, first) => {
    expect(talkingPoints(facts)[0]).toMatch(first);
  });

  it("non-senior titles ask about the buying group; repeat visits, industry fit, news and stack each add a point; always a closing step; capped", () => {
    const pts = talkingPoints(with_({
      person: { ...base.person, title: "Sales Coordinator" },
      visits: { count: 4, pages: [] },
      score: { score: 55, tier: "MEDIUM", warm: false, breakdown: [{ signal: "icp_industry", points: 5, detail: "industry" }, { signal: "seniority", points: 2, detail: "coordinator" }] },
      facts: [{ field: "recentNews", value: "Raised a Series B", source: "clay", dataId: "r1", verifiedAt: "t" }, { field: "technologies", value: "Salesforce, HubSpot", source: "clay", dataId: "r1", verifiedAt: "t" }],
    }));
    expect(pts).toEqual([
      "They visited 4 times: ask what they are evaluating and by when.",
      "Sales Coordinator: ask who else is involved in the decision.",
      "ICP fit in Software: use a reference customer from that industry.",
      "Recent news (clay): “Raised a Series B” — a natural opener.",
      "Their stack (clay): Salesforce, HubSpot. Check integrations before the call.",
      "Confirm the problem they want solved, then agree a concrete next step.",
    ]);
    expect(talkingPoints(base, 2)).toHaveLength(2);
  });
});

describe("briefFields", () => {
  const keys = { brief: "contact.caio_brief", talkingPoints: "contact.caio_points", score: "contact.caio_score", link: "contact.caio_link" };
  it("writes key/field_value pairs with who, company, meeting, pages, reply, facts; long values are clipped", () => {
    const b: CallPrepBrief = { ...with_({ thread: [{ direction: "IN", at: "b", subject: "Re", text: "x".repeat(5000), classification: "POSITIVE" }], facts: [{ field: "recentNews", value: "News", source: "clay", dataId: "r", verifiedAt: "t" }] }), talkingPoints: ["A", "B"] };
    const f = briefFields(b, keys, "https://app.test/call-prep/1");
    expect(f.map((x) => x.key)).toEqual(Object.values(keys));
    expect(f[0]!.field_value).toContain("Who: Sam Lee · VP Sales · Acme");
    expect(f[0]!.field_value).toContain("Meeting: 2026-12-01T15:00:00Z");
    expect(f[0]!.field_value).toContain("- https://x.test/pricing");
    expect(f[0]!.field_value).toContain("- recentNews: News (clay)");
    expect(f[0]!.field_value.length).toBeLessThanOrEqual(4000);
    expect(f[1]!.field_value).toBe("• A\n• B");
    expect(f[2]!.field_value).toBe("72 (HOT): ");
    expect(f[3]!.field_value).toBe("https://app.test/call-prep/1");
  });
});
