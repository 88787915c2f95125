import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";
import { briefFields, talkingPoints, type BriefFact, type BriefFacts, type BriefMessage, type CallPrepBrief } from "@/server/domain/call-prep";
import { DomainError, notFound } from "@/server/domain/errors";
import { record } from "@/server/features/audit/audit.service";
import { authorize } from "@/server/features/guardrails/guardrails.service";
import { get, update as updateSetting } from "@/server/features/settings/settings.service";
import { appUrl } from "@/server/env";
import { GhlError, type GhlClient } from "@/server/integrations/ghl";
import { logger } from "@/server/logger";
import * as repo from "./call-prep.repository";
import { briefSchema } from "./call-prep.schemas";

/**
 * PREPPER (issue 7 item 8): a booked meeting -> a call-prep brief (who, company, pages viewed,
 * score breakdown, enrichment facts with their source, the e-mail thread with the reply, rule-based
 * talking points) stored here and written to the GHL contact's custom fields. In dry run (the
 * default until an approver turns it off) the brief is prepared and shown but nothing is written.
 * Audit rows carry ids and counts only: the brief itself holds personal data and is erasable.
 */
const json = <T>(raw: string | null | undefined, fallback: T): T => {
  if (!raw) return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return fallback;
  }
};
const range = (min: number | null, max: number | null) => (min == null && max == null ? null : min === max || max == null ? `${min ?? ""}${max == null ? "+" : ""}` : min == null ? `up to ${max}` : `${min}–${max}`);

/** Clay's result fields as facts with their source (the enrichment request id and when it came back). */
function enrichmentFacts(e: { id: string; result: string | null; completedAt: Date | null } | null): BriefFact[] {
  if (!e) return [];
  const data = json<Record<string, unknown>>(e.result, {});
  const at = (e.completedAt ?? new Date(0)).toISOString();
  const facts: BriefFact[] = [];
  for (const [field, v] of Object.entries(data)) {
    if (v == null || v === "" || field === "email") continue;
    const value = Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v);
    facts.push({ field, value: value.slice(0, 1000), source: "clay", dataId: e.id, verifiedAt: at });
  }
  return facts;
}

export async function buildBrief(db: Db, outcomeId: string): Promise<{ brief: CallPrepBrief; visitorId: string; sendId: string; draftId: string; contactId: string | null } | null> {
  const c = await repo.meetingContext(db, outcomeId);
  if (!c || c.outcome.type !== "MEETING") return null;
  const v = c.visitor;
  const meeting = json<{ startTime?: string | null }>(c.outcome.payload, {});
  const draftFacts = json<BriefFact[]>(c.send.draft.evidence, []);
  const fromClay = enrichmentFacts(c.enrichment);
  const seen = new Set(draftFacts.map((f) => f.field));
  const thread: BriefMessage[] = [];
  for (const s of c.sends) {
    thread.push({ direction: "OUT", at: s.sentAt!.toISOString(), subject: s.draft.subject, text: s.draft.body, classification: null });
    for (const r of s.outcomes) {
      const p = json<{ subject?: string | null; text?: string }>(r.payload, {});
      thread.push({ direction: "IN", at: r.occurredAt.toISOString(), subject: p.subject ?? null, text: p.text ?? "", classification: r.classification });
    }
  }
  // An approver's edit is what actually went out for the matched send.
  const edit = c.send.draft.reviews[0];
  if (edit?.editedBody) {
    const out = thread.find((m) => m.direction === "OUT" && m.at === c.send.sentAt?.toISOString());
    if (out) Object.assign(out, { subject: edit.editedSubject ?? out.subject, text: edit.editedBody });
  }
  const facts: BriefFacts = {
    person: { name: [v.firstName, v.lastName].filter(Boolean).join(" ") || null, title: v.title, email: v.email, linkedinUrl: v.linkedinUrl },
    company: { name: v.companyName, domain: v.companyDomain, industry: v.industry, employees: range(v.employeeCountMin, v.employeeCountMax), revenue: v.revenueEstimate, location: [v.city, v.state].filter(Boolean).join(", ") || null },
    meeting: { startTime: meeting.startTime ?? null, bookedAt: c.outcome.occurredAt.toISOString() },
    visits: { count: v.visitCount, pages: c.pages.map((p) => ({ url: p.url, seenAt: p.seenAt.toISOString() })) },
    score: { score: v.score, tier: v.tier, warm: v.warm, breakdown: json(v.scoreBreakdown, []) },
    facts: [...draftFacts, ...fromClay.filter((f) => !seen.has(f.field))],
    thread: thread.sort((a, b) => a.at.localeCompare(b.at)),
  };
  return { brief: { ...facts, talkingPoints: talkingPoints(facts) }, visitorId: v.id, sendId: c.send.id, draftId: c.send.draft.id, contactId: c.send.providerContactId };
}

export type PrepareResult = { kind: "skipped"; reason: string } | { kind: "prepared"; id: string; status: string };

/** Builds and stores the brief for a booked meeting, once (a retried step finds the same row). */
export async function prepare(db: Db, outcomeId: string, now = new Date()): Promise<PrepareResult> {
  const existing = await repo.byOutcome(db, outcomeId);
  if (existing) return { kind: "prepared", id: existing.id, status: existing.status };
  const built = await buildBrief(db, outcomeId);
  if (!built) return { kind: "skipped", reason: "not a meeting for one of our sends" };
  const [dryRun, keys] = await Promise.all([get(db, "callPrepDryRun"), get(db, "callPrepFields")]);
  const id = ulid();
  const fields = briefFields(built.brief, keys, appUrl(`/call-prep/${id}`));
  const status = dryRun ? "PREPARED" : built.contactId ? "READY" : "FAILED";
  const created = await db.callPrep.upsert({
    where: { outcomeId },
    create: {
      id, outcomeId, visitorId: built.visitorId, sendId: built.sendId, draftId: built.draftId, contactId: built.contactId, brief: JSON.stringify(built.brief),
      status, dryRun, fields: JSON.stringify(fields), error: status === "FAILED" ? "the send has no GHL contact id" : null, createdAt: now,
    },
    update: {},
    select: { id: true, status: true },
  });
  if (created.id === id) {
    await record(db, {
      actorType: "AGENT", agent: "PREPPER", action: "callprep.prepared", decision: "INFO", riskLevel: "LOW", subjectType: "callprep", subjectId: id,
      reason: dryRun ? "dry run: prepared, not written to GHL" : "prepared for writing to GHL",
      evidence: { outcomeId, draftId: built.draftId, dryRun, facts: built.brief.facts.length, talkingPoints: built.brief.talkingPoints.length, messages: built.brief.thread.length },
    }, now);
  }
  return { kind: "prepared", id: created.id, status: created.status };
}

export type WriteResult = { id: string; status: string; error: string | null };

/**
 * Writes a READY brief to the GHL contact's custom fields through the guardrail (PREPPER,
 * callprep.write, GHL breaker). A retriable GHL failure is thrown so the workflow step retries;
 * after `maxAttempts` (or a refusal) the brief is FAILED and can be retried from the page.
 */
export async function write(db: Db, ghl: GhlClient, id: string, opts: { now?: Date; maxAttempts?: number } = {}): Promise<WriteResult> {
  const now = opts.now ?? new Date();
  const row = await repo.byId(db, id);
  if (!row) throw notFound("Call prep");
  if (row.status !== "READY") return { id, status: row.status, error: row.error };
  const fail = async (error: string) => {
    await db.callPrep.updateMany({ where: { id, status: "READY" }, data: { status: "FAILED", error, attempts: { increment: 1 } } });
    return { id, status: "FAILED", error };
  };
  if (!row.contactId || !row.visitorId) return fail("no GHL contact id");
  const verdict = await authorize(db, { agent: "PREPPER", action: "callprep.write", subjectType: "callprep", subjectId: id, input: { visitorId: row.visitorId } }, { now });
  if (!verdict.allowed) return fail(`guardrail: ${verdict.reason}`);
  try {
    await ghl.updateCustomFields(row.contactId, json(row.fields, []));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof GhlError && e.retriable && row.attempts + 1 < (opts.maxAttempts ?? 3)) {
      await db.callPrep.update({ where: { id }, data: { attempts: { increment: 1 }, error: message } });
      throw e;
    }
    logger.warn({ callPrepId: id, err: message }, "call prep: GHL write failed");
    return fail(message);
  }
  await db.callPrep.updateMany({ where: { id, status: "READY" }, data: { status: "WRITTEN", writeMode: ghl.mode, writtenAt: now, error: null, attempts: { increment: 1 } } });
  await record(db, {
    actorType: "AGENT", agent: "PREPPER", action: "callprep.written", decision: "INFO", riskLevel: "MEDIUM", subjectType: "callprep", subjectId: id,
    evidence: { mode: ghl.mode, fields: json<unknown[]>(row.fields, []).length },
  }, now);
  return { id, status: "WRITTEN", error: null };
}

/** An approver sends one checked brief (a dry run or a failed write) to GHL now. */
export async function writeNow(db: Db, ghl: GhlClient, actor: { id: string }, id: string): Promise<WriteResult> {
  const row = await repo.byId(db, id);
  if (!row) throw notFound("Call prep");
  if (row.status === "ERASED") throw new DomainError("CONFLICT", "This brief was erased with the contact's personal data.");
  if (row.status === "WRITTEN") return { id, status: row.status, error: null };
  await db.callPrep.updateMany({ where: { id, status: { in: ["PREPARED", "FAILED"] } }, data: { status: "READY", attempts: 0 } });
  await record(db, { actorType: "USER", actorId: actor.id, action: "callprep.writeNow", decision: "INFO", riskLevel: "MEDIUM", subjectType: "callprep", subjectId: id, evidence: { from: row.status } });
  return write(db, ghl, id, { maxAttempts: 1 });
}

/** The Call prep page's switch: the same audited path as the Settings page (value and audit in one transaction). */
export async function setDryRun(db: Db, actor: { id: string }, dryRun: boolean) {
  return { dryRun: (await updateSetting(db, actor, "callPrepDryRun", dryRun)) as boolean };
}

export async function list(db: Db, opts: { cursor?: string | null; limit: number }) {
  const [{ rows, total, dryRuns }, dryRun] = await Promise.all([repo.list(db, opts), get(db, "callPrepDryRun")]);
  const page = rows.slice(0, opts.limit);
  return {
    total, dryRuns, dryRun,
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
    items: page.map((r) => {
      const b = briefSchema.safeParse(json(r.brief, null));
      return {
        id: r.id, createdAt: r.createdAt.toISOString(), status: r.status, dryRun: r.dryRun, writeMode: r.writeMode, draftId: r.draftId,
        name: b.success ? b.data.person.name : null, company: b.success ? b.data.company.name : null,
        meetingAt: b.success ? b.data.meeting.startTime : null, points: b.success ? b.data.talkingPoints.length : 0,
      };
    }),
  };
}

export async function detail(db: Db, id: string) {
  const r = await repo.byId(db, id);
  if (!r) throw notFound("Call prep");
  const b = briefSchema.safeParse(json(r.brief, null));
  return {
    id: r.id, createdAt: r.createdAt.toISOString(), status: r.status, dryRun: r.dryRun, writeMode: r.writeMode, writtenAt: r.writtenAt?.toISOString() ?? null,
    error: r.error, draftId: r.draftId, contactId: r.contactId, brief: b.success ? b.data : null,
    fields: json<{ key?: string; id?: string; field_value: unknown }[]>(r.fields, []).map((f) => ({ key: f.key ?? f.id ?? "", field_value: String(f.field_value ?? "") })),
  };
}

export async function forDraft(db: Db, draftId: string) {
  return (await repo.forDraft(db, draftId)).map((r) => ({ id: r.id, status: r.status, dryRun: r.dryRun, createdAt: r.createdAt.toISOString() }));
}
