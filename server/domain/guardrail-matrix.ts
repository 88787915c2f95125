/**
 * The ONE permission table (DESIGN.md §4; the system this replaces had three that disagreed).
 * Every side-effecting action of every durable function is authorised against it by the unified
 * guardrail (server/features/guardrails).
 */
export const AGENTS = [
  "QUEEN", "SCOUT", "HUNTER", "ENRICHER", "SEGMENTOR", "CRAFTER", "GATEKEEPER",
  "OPERATOR", "PIPER", "SCHEDULER", "COACH", "RESEARCHER", "PREPPER",
] as const;
export type Agent = (typeof AGENTS)[number];

export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Risk = (typeof RISK_LEVELS)[number];

/** External service an action calls; its breaker must be closed (or have a half-open trial free). */
export type GuardedService = "ghl" | "clay";

export interface ActionSpec {
  risk: Risk;
  service?: GuardedService;
  /** Never allowed, for any agent, whatever the evidence or votes. */
  alwaysBlocked?: string;
  /** Needs an approval before it may run: a GATEKEEPER release, or a human. */
  approval: "NONE" | "GATEKEEPER_RELEASE" | "HUMAN";
}

export const ACTIONS = {
  "visitor.ingest": { risk: "LOW", approval: "NONE" },
  "prospect.lookup": { risk: "LOW", approval: "NONE" },
  "enrichment.request": { risk: "LOW", service: "clay", approval: "NONE" },
  "visitor.score": { risk: "LOW", approval: "NONE" },
  "research.context": { risk: "LOW", approval: "NONE" },
  "draft.create": { risk: "MEDIUM", approval: "NONE" },
  "draft.decide": { risk: "MEDIUM", approval: "NONE" },
  "send.release": { risk: "HIGH", approval: "NONE" },
  "email.send": { risk: "HIGH", service: "ghl", approval: "GATEKEEPER_RELEASE" },
  "crm.upsertContact": { risk: "MEDIUM", service: "ghl", approval: "NONE" },
  "crm.updateFields": { risk: "MEDIUM", service: "ghl", approval: "NONE" },
  "meeting.schedule": { risk: "MEDIUM", service: "ghl", approval: "NONE" },
  "learning.update": { risk: "LOW", approval: "NONE" },
  "callprep.write": { risk: "MEDIUM", service: "ghl", approval: "NONE" },
  "suppression.add": { risk: "LOW", approval: "NONE" },
  "audit.verify": { risk: "LOW", approval: "NONE" },
  "settings.change": { risk: "HIGH", approval: "HUMAN" },
  "phase.change": { risk: "CRITICAL", approval: "HUMAN" },
  "contact.delete": { risk: "CRITICAL", service: "ghl", approval: "HUMAN" },
  "contacts.bulkUpdate": { risk: "CRITICAL", service: "ghl", approval: "NONE" },
  "emails.bulkSend": { risk: "CRITICAL", service: "ghl", alwaysBlocked: "bulk sending bypasses per-draft review and limits", approval: "HUMAN" },
  "contacts.bulkDelete": { risk: "CRITICAL", service: "ghl", alwaysBlocked: "bulk delete is never automated", approval: "HUMAN" },
  "contacts.exportAll": { risk: "CRITICAL", alwaysBlocked: "exporting all contacts is always blocked", approval: "HUMAN" },
} as const satisfies Record<string, ActionSpec>;
export type Action = keyof typeof ACTIONS;

export interface AgentPolicy {
  what: string;
  /** Per-agent rate limit: side-effecting actions per clock hour, across all its actions. */
  perHour: number;
  may: readonly Action[];
}

export const MATRIX: Record<Agent, AgentPolicy> = {
  QUEEN: { what: "orchestrator, admin actions", perHour: 200, may: ["audit.verify", "settings.change", "phase.change", "contact.delete", "contacts.bulkDelete", "contacts.exportAll"] },
  SCOUT: { what: "intake", perHour: 5000, may: ["visitor.ingest"] },
  HUNTER: { what: "prospect lookup", perHour: 1000, may: ["prospect.lookup"] },
  ENRICHER: { what: "enrichment through Clay", perHour: 1000, may: ["enrichment.request"] },
  SEGMENTOR: { what: "scoring, tiers", perHour: 5000, may: ["visitor.score"] },
  // CRAFTER writes drafts and may never send or release one.
  CRAFTER: { what: "drafts", perHour: 1000, may: ["draft.create"] },
  // GATEKEEPER is the only agent that may release a send.
  GATEKEEPER: { what: "approval decisions", perHour: 2000, may: ["draft.decide", "send.release"] },
  // OPERATOR performs sends GATEKEEPER released; the hard send limits sit under this rate.
  OPERATOR: { what: "performs released sends", perHour: 2000, may: ["email.send", "crm.upsertContact", "suppression.add"] },
  PIPER: { what: "CRM sync", perHour: 1000, may: ["crm.upsertContact", "crm.updateFields", "contacts.bulkUpdate", "suppression.add"] },
  SCHEDULER: { what: "meetings", perHour: 200, may: ["meeting.schedule"] },
  COACH: { what: "learning", perHour: 1000, may: ["learning.update"] },
  RESEARCHER: { what: "context for drafts", perHour: 1000, may: ["research.context"] },
  PREPPER: { what: "call-prep briefs into GHL custom fields", perHour: 500, may: ["callprep.write"] },
};

export function isAgent(v: unknown): v is Agent {
  return typeof v === "string" && (AGENTS as readonly string[]).includes(v);
}
export function isAction(v: unknown): v is Action {
  return typeof v === "string" && Object.hasOwn(ACTIONS, v);
}

/** Evidence sources a HIGH/CRITICAL action may be grounded on (fixed list). */
export const EVIDENCE_SOURCES = ["rb2b", "clay", "ghl", "database", "suppression_list", "human_review", "settings"] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];
export const EVIDENCE_MAX_AGE_MS = 60 * 60 * 1000;
/** Clock skew tolerated for evidence stamped slightly in the future (another process's clock). */
export const EVIDENCE_MAX_SKEW_MS = 60 * 1000;
/** Weighted quorum a CRITICAL action needs from its independent checks. */
export const QUORUM = 2 / 3;
