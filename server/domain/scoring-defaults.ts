import type { IcpConfig, PageSignal, ScoringWeights, WarmConnections } from "./scoring";

/**
 * Defaults for the scoring settings (server/features/settings/settings.schemas.ts). Tuned so that
 * a C-level visitor on the pricing page at an ICP company is HOT (30 + 20 + 10 + 10 = 70), a
 * director reading a case study is MEDIUM, and an anonymous blog reader is LOW.
 */
export const DEFAULT_WEIGHTS: ScoringWeights = {
  seniority: { C_LEVEL: 30, FOUNDER: 30, VP: 25, HEAD: 20, DIRECTOR: 18, MANAGER: 8 },
  repeatVisitEach: 5,
  repeatVisitCap: 15,
  pageSignalsCap: 40,
  icpSize: 10,
  icpIndustry: 10,
  warmConnection: 10,
};

export const DEFAULT_PAGE_SIGNALS: PageSignal[] = [
  { key: "pricing", label: "Viewed pricing", points: 20, patterns: ["pricing", "plans"] },
  { key: "implementation", label: "Read implementation / getting started", points: 15, patterns: ["implementation", "getting-started", "onboarding", "quickstart"] },
  { key: "roi", label: "Used the ROI calculator", points: 15, patterns: ["roi", "roi-calculator"] },
  { key: "case_studies", label: "Read case studies", points: 12, patterns: ["case-studies", "case-study", "customer-stories", "customers"] },
  { key: "product", label: "Viewed product pages", points: 8, patterns: ["product", "products", "features", "platform"] },
];

export const DEFAULT_WARM: WarmConnections = { pastEmployers: [], knownContacts: [] };

export const DEFAULT_ICP: IcpConfig = {
  employeeMin: 50,
  employeeMax: 1000,
  industries: ["software", "internet", "information technology", "saas", "financial services", "marketing and advertising"],
};
