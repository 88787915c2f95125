import type { Db, Tx } from "@/server/db/client";
import { isRetryable } from "@/server/db/sync-connection";
import { ACTIONS, MATRIX, type Action, type Agent } from "@/server/domain/guardrail-matrix";
import { riskOf, staticChecks, tallyQuorum, type CheckResult, type GuardRequest, type Vote } from "@/server/domain/guardrail";
import type { KillSwitch } from "@/server/domain/phases";
import { hourKey } from "@/server/domain/send-limits";
import { record, recordInTx } from "@/server/features/audit/audit.service";
import { BREAKERS } from "@/server/features/breakers/breakers.service";
import { killSwitches } from "@/server/features/settings/settings.service";
import { logger } from "@/server/logger";
import * as repo from "./guardrails.repository";

/**
 * The unified guardrail (DESIGN.md §4): every side-effecting action of every function asks here
 * first. Checks run in order and stop at the first failure; a check that throws denies (fail
 * closed); every verdict, allowed or denied, goes to the audit log with its evidence.
 */
export interface Voter {
  name: string;
  weight: number;
  /** An independent check; throwing counts as a "no". */
  run: () => boolean | Promise<boolean>;
}

export interface GuardOptions {
  now?: Date;
  /** Kill switches already read in this transaction (saves a query on hot paths). */
  switches?: Record<KillSwitch, boolean>;
  /** Independent checks voting on a CRITICAL action (weighted quorum >= 2/3, else escalate). */
  voters?: Voter[];
}

export interface GuardVerdict {
  allowed: boolean;
  /** Denied, but a human may still allow it (the caller queues it for a person). */
  escalate: boolean;
  risk: string;
  reason: string;
  checks: CheckResult[];
}

const hourStart = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
export const agentRateKey = (agent: string, now: Date) => `agent:${agent}:${hourKey(now)}`;

async function vote(voters: Voter[]): Promise<Vote[]> {
  return Promise.all(voters.map(async (v) => {
    try {
      return { voter: v.name, weight: v.weight, approve: (await v.run()) === true };
    } catch {
      return { voter: v.name, weight: v.weight, approve: false, detail: "check threw" };
    }
  }));
}

export function switchesOn(s: Record<KillSwitch, { on: boolean }>): Record<KillSwitch, boolean> {
  return { PAUSE_ALL_SENDS: s.PAUSE_ALL_SENDS.on, SHADOW_MODE_OVERRIDE: s.SHADOW_MODE_OVERRIDE.on, REQUIRE_MANUAL_APPROVAL: s.REQUIRE_MANUAL_APPROVAL.on };
}

type BreakerRow = { state: string; openUntil: Date | null; halfOpenTrials: number } | null;

function serviceOf(req: GuardRequest): keyof typeof BREAKERS | undefined {
  return (ACTIONS[req.action as Action] as { service?: keyof typeof BREAKERS }).service;
}

/** OPEN and not yet due for a trial: no call may start (the send path acquires the trial itself). */
function breakerCheck(service: keyof typeof BREAKERS, b: BreakerRow, now: Date): CheckResult {
  const open = b?.state === "OPEN" && b.openUntil !== null && now < b.openUntil;
  const trialsTaken = b?.state === "HALF_OPEN" && b.openUntil !== null && now < b.openUntil && b.halfOpenTrials >= BREAKERS[service].halfOpenMaxTrials;
  return open || trialsTaken
    ? { check: "breaker", ok: false, detail: `${service} circuit breaker is ${b?.state} until ${b?.openUntil?.toISOString()}` }
    : { check: "breaker", ok: true, detail: `${service} breaker ${b?.state ?? "CLOSED"}` };
}

function rateCheck(agent: Agent, ok: boolean): CheckResult {
  const perHour = MATRIX[agent].perHour;
  return { check: "rateLimit", ok, detail: ok ? `under ${agent}'s ${perHour}/h` : `${agent} reached its ${perHour} actions/hour` };
}

/** What the synchronous evaluator reads and writes (a SqliteWriter unit of work provides it). */
export interface GuardIoSync {
  breakerRow(service: string): BreakerRow;
  /** Atomic check-and-bump of a counter (guardrails/counters.sql.ts BUMP_COUNTER_SQL). */
  bumpCounter(key: string, limit: number, windowStart: Date, now: Date): boolean;
}

/**
 * evaluateInTx for a synchronous write transaction (the send claim's SqliteWriter unit): the same
 * checks in the same order with the same helpers. CRITICAL actions need the asynchronous quorum:
 * they are denied here (use authorize / evaluateInTx for them).
 */
export function evaluateSync(io: GuardIoSync, req: GuardRequest, now: Date, switches: Record<KillSwitch, boolean>): GuardVerdict {
  const risk = riskOf(req.action);
  const checks: CheckResult[] = [];
  const verdict = (allowed: boolean, escalate = false): GuardVerdict => {
    const last = checks[checks.length - 1];
    return { allowed, escalate, risk, checks, reason: allowed ? "all checks passed" : (last?.detail ?? "denied") };
  };
  try {
    checks.push(...staticChecks(req, now, switches));
    if (checks.some((c) => !c.ok)) return verdict(false, checks.some((c) => c.escalate));
    const service = serviceOf(req);
    if (service) {
      const b = breakerCheck(service, io.breakerRow(service), now);
      checks.push(b);
      if (!b.ok) return verdict(false);
    }
    const agent = req.agent as Agent;
    const ok = io.bumpCounter(agentRateKey(agent, now), MATRIX[agent].perHour, hourStart(now), now);
    checks.push(rateCheck(agent, ok));
    if (!ok) return verdict(false);
    if (risk === "CRITICAL") {
      checks.push({ check: "quorum", ok: false, detail: "CRITICAL actions need the quorum (asynchronous guardrail): denied" });
      return verdict(false, true);
    }
    return verdict(true);
  } catch (e) {
    if (isRetryable(e)) throw e; // a lock wait ran out: the caller's transaction runs again (not a denial)
    logger.error({ err: e, agent: req.agent, action: req.action }, "guardrail check threw: denied");
    checks.push({ check: "error", ok: false, detail: "a guardrail check failed: denied (fail closed)" });
    return verdict(false);
  }
}

/**
 * Runs every check inside an open write transaction (so the send claim can include it). The
 * per-agent rate counter is bumped only once everything before it passed.
 */
export async function evaluateInTx(tx: Tx, req: GuardRequest, now: Date, opts: GuardOptions = {}): Promise<GuardVerdict> {
  const risk = riskOf(req.action);
  const checks: CheckResult[] = [];
  const verdict = (allowed: boolean, escalate = false): GuardVerdict => {
    const last = checks[checks.length - 1];
    return { allowed, escalate, risk, checks, reason: allowed ? "all checks passed" : (last?.detail ?? "denied") };
  };
  try {
    checks.push(...staticChecks(req, now, opts.switches ?? switchesOn(await killSwitches(tx))));
    if (checks.some((c) => !c.ok)) return verdict(false, checks.some((c) => c.escalate));
    const service = serviceOf(req);
    if (service) {
      const b = breakerCheck(service, await repo.breakerRow(tx, service), now);
      checks.push(b);
      if (!b.ok) return verdict(false);
    }
    const agent = req.agent as Agent;
    const ok = await repo.bumpCounter(tx, agentRateKey(agent, now), MATRIX[agent].perHour, hourStart(now), now);
    checks.push(rateCheck(agent, ok));
    if (!ok) return verdict(false);
    if (risk === "CRITICAL") {
      const q = tallyQuorum(await vote(opts.voters ?? []));
      checks.push(q);
      if (!q.ok) return verdict(false, true);
    }
    return verdict(true);
  } catch (e) {
    logger.error({ err: e, agent: req.agent, action: req.action }, "guardrail check threw: denied");
    checks.push({ check: "error", ok: false, detail: "a guardrail check failed: denied (fail closed)" });
    return verdict(false);
  }
}

export function auditEntry(req: GuardRequest, v: GuardVerdict) {
  return {
    actorType: "AGENT" as const,
    agent: req.agent.slice(0, 40),
    action: `guard:${req.action}`.slice(0, 100),
    decision: v.allowed ? ("ALLOW" as const) : ("DENY" as const),
    riskLevel: v.risk as "LOW" | "MEDIUM" | "HIGH" | "CRITICAL",
    reason: v.reason,
    subjectType: req.subjectType ?? null,
    subjectId: req.subjectId ?? null,
    evidence: { checks: v.checks, evidence: req.evidence ?? [], approval: req.approval ?? null, escalate: v.escalate },
  };
}

/** Authorises one action in its own transaction and audits the verdict. Never throws: failure denies. */
export async function authorize(db: Db, req: GuardRequest, opts: GuardOptions = {}): Promise<GuardVerdict> {
  const now = opts.now ?? new Date();
  try {
    return await db.$transaction(async (tx) => {
      // First statement a write: take SQLite's write lock before reading (no busy-snapshot upgrade).
      await repo.touchCounter(tx, agentRateKey(req.agent.slice(0, 40), now), hourStart(now), now);
      const v = await evaluateInTx(tx, req, now, opts);
      await recordInTx(tx, auditEntry(req, v), now);
      return v;
    }, { maxWait: 30_000, timeout: 30_000 });
  } catch (e) {
    logger.error({ err: e, action: req.action }, "guardrail transaction failed: denied");
    const v: GuardVerdict = { allowed: false, escalate: false, risk: riskOf(req.action), reason: "guardrail unavailable: denied (fail closed)", checks: [{ check: "error", ok: false, detail: "guardrail transaction failed" }] };
    await record(db, auditEntry(req, v), now).catch((err) => logger.error({ err }, "could not audit a denial"));
    return v;
  }
}
