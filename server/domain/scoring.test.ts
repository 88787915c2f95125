import { describe, expect, it } from "vitest";
import { pathMatches, score, seniorityOf, tierOf, type ScoringConfig, type ScoringInput } from "./scoring";
import { DEFAULT_ICP, DEFAULT_PAGE_SIGNALS, DEFAULT_WEIGHTS } from "./scoring-defaults";

const config: ScoringConfig = {
  weights: DEFAULT_WEIGHTS,
  pageSignals: DEFAULT_PAGE_SIGNALS,
  warm: { pastEmployers: ["Globex", "initech.com"], knownContacts: ["pat@known.io", "https://www.linkedin.com/in/known-person/"] },
  icp: DEFAULT_ICP,
  excludedDomains: ["competitor.com", "bigcustomer.io"],
};

const base: ScoringInput = {
  title: null, email: null, linkedinUrl: null, companyName: null, companyDomain: null, industry: null,
  employeeCountMin: null, employeeCountMax: null, pageUrls: ["https://example.com/blog/post"], visitCount: 1,
};
const points = (r: ReturnType<typeof score>, signal: string) => r.breakdown.find((b) => b.signal === signal)?.points ?? 0;

describe("seniorityOf (whole words)", () => {
  it.each([
    ["CEO", "C_LEVEL"],
    ["Chief Revenue Officer", "C_LEVEL"],
    ["CEO @ Retention.com. We help Ecomm brands grow", "C_LEVEL"],
    ["Co-Founder", "FOUNDER"],
    ["President", "FOUNDER"],
    ["Vice President, Sales", "VP"],
    ["SVP Engineering", "VP"],
    ["Head of Growth", "HEAD"],
    ["Director of Marketing", "DIRECTOR"],
    ["Engineering Manager", "MANAGER"],
    // traps: substrings must not match
    ["Marketing Coordinator", null],
    ["Actor", null],
    ["Doctoral Researcher", null],
    ["Cooperative Lead", null],
    ["Directorate Analyst", null],
    ["Executive Assistant to the CEO", null],
    ["Sales Intern", null],
    ["Software Engineer | ex-CTO office", null],
    ["", null],
    [null, null],
  ] as const)("%s -> %s", (title, expected) => {
    expect(seniorityOf(title)).toBe(expected);
  });
  it("'director' does not match 'cto' and 'coordinator' does not match 'coo'", () => {
    expect(seniorityOf("cto")).toBe("C_LEVEL");
    expect(seniorityOf("coordinator")).toBeNull();
    expect(seniorityOf("director")).toBe("DIRECTOR");
  });
});

describe("tierOf", () => {
  it.each([[0, "LOW"], [39, "LOW"], [40, "MEDIUM"], [69, "MEDIUM"], [70, "HOT"], [100, "HOT"]] as const)("%i -> %s", (n, t) => {
    expect(tierOf(n)).toBe(t);
  });
});

describe("pathMatches (whole path tokens)", () => {
  it.each([
    ["https://x.com/pricing", "pricing", true],
    ["https://x.com/en/pricing/?plan=pro", "pricing", true],
    ["https://x.com/roi-calculator", "roi", true],
    ["https://x.com/android", "roi", false],
    ["https://x.com/resources/case-studies/acme", "case-studies", true],
    ["https://x.com/docs/getting-started", "getting-started", true],
    ["https://x.com/productivity-tips", "product", false],
    ["https://x.com/blog?next=/pricing", "pricing", false],
    ["not a url /pricing", "pricing", true],
  ] as const)("%s ~ %s = %s", (url, pattern, expected) => {
    expect(pathMatches(url, pattern)).toBe(expected);
  });
});

describe("score", () => {
  it("anonymous blog reader is LOW with an empty breakdown", () => {
    const r = score(base, config);
    expect(r).toMatchObject({ score: 0, tier: "LOW", warm: false, excluded: false, breakdown: [] });
  });

  it("CEO on pricing at an ICP software company is HOT with an itemised breakdown that sums to the score", () => {
    const r = score({ ...base, title: "CEO", industry: "Computer Software", employeeCountMin: 51, employeeCountMax: 200, pageUrls: ["https://x.com/pricing"] }, config);
    expect(r.tier).toBe("HOT");
    expect(r.score).toBe(70);
    expect(r.breakdown.map((b) => b.signal)).toEqual(["page:pricing", "seniority", "icp_size", "icp_industry"]);
    expect(r.breakdown.reduce((n, b) => n + b.points, 0)).toBe(r.score);
    expect(r.signals).toEqual(["pricing"]);
  });

  it.each([
    ["pricing", "https://x.com/pricing", 20],
    ["case_studies", "https://x.com/case-studies/acme", 12],
    ["implementation", "https://x.com/docs/getting-started", 15],
    ["roi", "https://x.com/roi-calculator", 15],
    ["product", "https://x.com/product/tour", 8],
  ])("page signal %s adds its points once", (key, url, pts) => {
    const r = score({ ...base, pageUrls: [url, url, url] }, config);
    expect(points(r, `page:${key}`)).toBe(pts);
    expect(r.score).toBe(pts);
  });

  it("page signals are capped", () => {
    const urls = ["/pricing", "/roi", "/getting-started", "/case-studies", "/product"].map((p) => `https://x.com${p}`);
    const r = score({ ...base, pageUrls: urls }, config);
    expect(r.breakdown.filter((b) => b.signal.startsWith("page:")).reduce((n, b) => n + b.points, 0)).toBe(DEFAULT_WEIGHTS.pageSignalsCap);
    expect(r.signals[0]).toBe("pricing");
  });

  it.each([[1, 0], [2, 5], [3, 10], [4, 15], [10, 15]])("%i visits add %i points (capped)", (visits, pts) => {
    expect(points(score({ ...base, visitCount: visits }, config), "repeat_visits")).toBe(pts);
  });

  it.each([
    [60, 60, true], [51, 200, true], [10001, null, false], [1, 10, false], [1001, 5000, false], [11, 50, true], [null, null, false],
  ] as const)("size %s-%s in ICP: %s", (min, max, fits) => {
    expect(points(score({ ...base, employeeCountMin: min, employeeCountMax: max }, config), "icp_size")).toBe(fits ? DEFAULT_WEIGHTS.icpSize : 0);
  });

  it.each([
    ["Internet Technology & Services", true], ["Computer Software", true], ["Information Technology and Services", true],
    ["Hardware", false], ["Softwares Inc", false], [null, false],
  ] as const)("industry %s in ICP: %s", (industry, fits) => {
    expect(points(score({ ...base, industry }, config), "icp_industry")).toBe(fits ? DEFAULT_WEIGHTS.icpIndustry : 0);
  });

  it.each([
    [{ companyName: "Globex" }, true],
    [{ companyName: "globex " }, true],
    [{ companyName: "Globex Industries" }, false],
    [{ companyDomain: "eu.initech.com" }, true],
    [{ email: "someone@initech.com" }, true],
    [{ email: "pat@known.io" }, true],
    [{ email: "PAT@KNOWN.IO" }, true],
    [{ linkedinUrl: "https://linkedin.com/in/known-person" }, true],
    [{ linkedinUrl: "https://linkedin.com/in/known-person-2" }, false],
    [{ email: "other@known.io" }, false],
  ])("warm connection %o -> %s", (patch, warm) => {
    const r = score({ ...base, ...patch }, config);
    expect(r.warm).toBe(warm);
    expect(points(r, "warm_connection")).toBe(warm ? DEFAULT_WEIGHTS.warmConnection : 0);
  });

  it.each([
    [{ companyDomain: "competitor.com" }],
    [{ companyDomain: "www2.competitor.com" }],
    [{ email: "ceo@bigcustomer.io" }],
  ])("excluded domain %o scores 0 and is flagged", (patch) => {
    const r = score({ ...base, ...patch, title: "CEO", pageUrls: ["https://x.com/pricing"] }, config);
    expect(r).toMatchObject({ score: 0, excluded: true, tier: "LOW" });
    expect(r.breakdown[0].signal).toBe("excluded_domain");
  });

  it("a look-alike of an excluded domain is not excluded", () => {
    expect(score({ ...base, companyDomain: "notcompetitor.com" }, config).excluded).toBe(false);
  });

  it("clamps to 100", () => {
    const heavy: ScoringConfig = { ...config, weights: { ...DEFAULT_WEIGHTS, seniority: { ...DEFAULT_WEIGHTS.seniority, C_LEVEL: 100 } } };
    expect(score({ ...base, title: "CEO", pageUrls: ["https://x.com/pricing"] }, heavy).score).toBe(100);
  });

  it("weights come from config, not code", () => {
    const cfg: ScoringConfig = { ...config, pageSignals: [{ key: "pricing", label: "p", points: 3, patterns: ["pricing"] }] };
    expect(score({ ...base, pageUrls: ["https://x.com/pricing"] }, cfg).score).toBe(3);
  });
});
