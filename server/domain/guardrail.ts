import { z } from "zod";
import {
  ACTIONS, EVIDENCE_MAX_AGE_MS, EVIDENCE_MAX_SKEW_MS, EVIDENCE_SOURCES, isAction, isAgent, MATRIX, QUORUM,
  type Action, type Agent, type Risk,
} from "./guardrail-matrix";
import type { KillSwitch } from "./phases";

/**
 * The pure checks of the unified guardrail, in the order DESIGN.md §4 gives them:
 * permission -> input -> grounding evidence -> kill switches -> breaker -> limits -> quorum.
 * The service (server/features/guardrails) runs them, supplies what needs the database
 * (breaker state, rate-limit counters, votes) and audits every verdict.
 */
export const CHECKS = ["permission", "approval", "input", "evidence", "killSwitch", "breaker", "rateLimit", "quorum", "error"] as const;
export type CheckName = (typeof CHECKS)[number];

export interface CheckResult {
  check: CheckName;
  ok: boolean;
  detail: string;
  /** A human can still allow it (CRITICAL without quorum, or human approval missing). */
  escalate?: boolean;
}

export const evidenceSchema = z.object({
  source: z.enum(EVIDENCE_SOURCES),
  dataId: z.string().min(1).max(200),
  verifiedAt: z.coerce.date(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export type Approval =
  | { kind: "GATEKEEPER_RELEASE"; by: string; subjectId: string }
  | { kind: "HUMAN"; userId: string };

export interface GuardRequest {
  agent: string;
  action: string;
  subjectType?: string;
  subjectId?: string;
  input?: unknown;
  evidence?: unknown[];
  approval?: Approval;
}

const id = z.string().min(1).max(200);
/** Input each action must carry (validated before anything else looks at it). */
const INPUTS: Record<Action, z.ZodType> = {
  "visitor.ingest": z.object({ deliveryId: id }),
  "prospect.lookup": z.object({ visitorId: id }),
  "enrichment.request": z.object({ visitorId: id }),
  "visitor.score": z.object({ visitorId: id }),
  "research.context": z.object({ visitorId: id }),
  "draft.create": z.object({ visitorId: id }),
  "draft.decide": z.object({ draftId: id }),
  "send.release": z.object({ draftId: id }),
  "email.send": z.object({ draftId: id }),
  "crm.upsertContact": z.object({ visitorId: id }),
  "crm.updateFields": z.object({ contactId: id, fields: z.record(z.string(), z.unknown()) }),
  "meeting.schedule": z.object({ visitorId: id }),
  "learning.update": z.object({ sendId: id }),
  "callprep.write": z.object({ visitorId: id }),
  "suppression.add": z.object({ reason: z.string().min(1).max(100) }),
  "audit.verify": z.object({}).passthrough(),
  "settings.change": z.object({ key: id }),
  "phase.change": z.object({ from: id, to: id }),
  "contact.delete": z.object({ contactId: id }),
  "contacts.bulkUpdate": z.object({ contactIds: z.array(id).min(1).max(1000) }),
  "emails.bulkSend": z.object({}).passthrough(),
  "contacts.bulkDelete": z.object({}).passthrough(),
  "contacts.exportAll": z.object({}).passthrough(),
};

export function riskOf(action: string): Risk {
  return isAction(action) ? ACTIONS[action].risk : "CRITICAL";
}

/** Known agent, known action, granted in the matrix, not always-blocked. */
export function checkPermission(agent: string, action: string): CheckResult {
  if (!isAgent(agent)) return { check: "permission", ok: false, detail: `unknown agent "${agent}"` };
  if (!isAction(action)) return { check: "permission", ok: false, detail: `unknown action "${action}"` };
  const blocked = (ACTIONS[action] as { alwaysBlocked?: string }).alwaysBlocked;
  if (blocked) return { check: "permission", ok: false, detail: `${action} is always blocked: ${blocked}` };
  if (!MATRIX[agent].may.includes(action)) return { check: "permission", ok: false, detail: `${agent} may not ${action}` };
  return { check: "permission", ok: true, detail: `${agent} may ${action} (${ACTIONS[action].risk})` };
}

export function checkApproval(agent: Agent, action: Action, req: GuardRequest): CheckResult {
  const need = ACTIONS[action].approval;
  if (need === "NONE") return { check: "approval", ok: true, detail: "no approval needed" };
  const a = req.approval;
  if (need === "GATEKEEPER_RELEASE") {
    if (a?.kind === "GATEKEEPER_RELEASE" && a.by === "GATEKEEPER" && a.subjectId === req.subjectId) {
      return { check: "approval", ok: true, detail: "released by GATEKEEPER" };
    }
    return { check: "approval", ok: false, detail: `${action} needs a GATEKEEPER release of this ${req.subjectType ?? "subject"}` };
  }
  if (a?.kind === "HUMAN" && a.userId) return { check: "approval", ok: true, detail: "approved by a human" };
  return { check: "approval", ok: false, detail: `${action} needs a human approval`, escalate: true };
}

export function checkInput(action: Action, input: unknown): CheckResult {
  const r = INPUTS[action].safeParse(input ?? {});
  if (r.success) return { check: "input", ok: true, detail: "input valid" };
  return { check: "input", ok: false, detail: `invalid input: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"} ${i.message}`).join("; ")}` };
}

/** HIGH/CRITICAL actions need at least one piece of evidence, every piece valid and at most 1 h old. */
export function checkEvidence(risk: Risk, evidence: unknown[] | undefined, now: Date): CheckResult {
  if (risk !== "HIGH" && risk !== "CRITICAL") return { check: "evidence", ok: true, detail: "not required below HIGH" };
  if (!evidence || evidence.length === 0) return { check: "evidence", ok: false, detail: `${risk} action without grounding evidence` };
  for (const raw of evidence) {
    const e = evidenceSchema.safeParse(raw);
    if (!e.success) return { check: "evidence", ok: false, detail: "evidence must be {source from the fixed list, dataId, verifiedAt}" };
    const age = now.getTime() - e.data.verifiedAt.getTime();
    if (Number.isNaN(age)) return { check: "evidence", ok: false, detail: "evidence has an invalid verifiedAt" };
    if (age > EVIDENCE_MAX_AGE_MS) return { check: "evidence", ok: false, detail: `evidence ${e.data.source}:${e.data.dataId} is ${Math.round(age / 60000)} min old (max 60)` };
    if (age < -EVIDENCE_MAX_SKEW_MS) return { check: "evidence", ok: false, detail: `evidence ${e.data.source}:${e.data.dataId} is dated in the future` };
  }
  return { check: "evidence", ok: true, detail: `${evidence.length} fresh evidence item(s)` };
}

/** PAUSE_ALL_SENDS stops sends; REQUIRE_MANUAL_APPROVAL stops releases no human approved. */
export function checkKillSwitches(action: Action, req: GuardRequest, switches: Record<KillSwitch, boolean>): CheckResult {
  if (switches.PAUSE_ALL_SENDS && (action === "email.send" || action === "emails.bulkSend" || action === "send.release")) {
    return { check: "killSwitch", ok: false, detail: "PAUSE_ALL_SENDS is on" };
  }
  if (switches.REQUIRE_MANUAL_APPROVAL && action === "send.release" && req.approval?.kind !== "HUMAN") {
    return { check: "killSwitch", ok: false, detail: "REQUIRE_MANUAL_APPROVAL is on: only a human may release a send" };
  }
  return { check: "killSwitch", ok: true, detail: "no kill switch applies" };
}

export interface Vote {
  voter: string;
  weight: number;
  approve: boolean;
  detail?: string;
}

/** Weighted quorum: approving weight must reach 2/3 of the total weight; otherwise escalate. */
export function tallyQuorum(votes: Vote[]): CheckResult {
  const total = votes.reduce((s, v) => s + Math.max(0, v.weight), 0);
  const yes = votes.filter((v) => v.approve).reduce((s, v) => s + Math.max(0, v.weight), 0);
  const summary = votes.map((v) => `${v.voter}:${v.approve ? "yes" : "no"}(${v.weight})`).join(", ");
  if (total <= 0) return { check: "quorum", ok: false, detail: "no independent checks voted", escalate: true };
  // Compare in integers-ish space to avoid 2/3 float edge: yes/total >= 2/3  <=>  3*yes >= 2*total
  const ok = 3 * yes >= 2 * total - 1e-9;
  return { check: "quorum", ok, detail: `quorum ${yes}/${total} (need ${(QUORUM * 100).toFixed(0)} %): ${summary}`, ...(ok ? {} : { escalate: true }) };
}

/** The checks that need nothing but the request, the clock and the switches, in order; stops at the first failure. */
export function staticChecks(req: GuardRequest, now: Date, switches: Record<KillSwitch, boolean>): CheckResult[] {
  const out: CheckResult[] = [];
  const push = (r: CheckResult) => (out.push(r), r.ok);
  if (!push(checkPermission(req.agent, req.action))) return out;
  const agent = req.agent as Agent;
  const action = req.action as Action;
  if (!push(checkApproval(agent, action, req))) return out;
  if (!push(checkInput(action, req.input))) return out;
  if (!push(checkEvidence(ACTIONS[action].risk, req.evidence, now))) return out;
  push(checkKillSwitches(action, req, switches));
  return out;
}
