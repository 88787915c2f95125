import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";
import { followUpStopReason } from "@/server/domain/outcome-watch";
import { combineReplyClassification } from "@/server/domain/reply-classification-policy";
import { classifyReply, newText, type ReplyClass } from "@/server/domain/reply-classifier";
import { recordInTx } from "@/server/features/audit/audit.service";
import { countOutcomeInTx } from "@/server/features/metrics/rollup-increments";
import { emailHash } from "@/server/features/suppression/suppression.service";
import type { ReplyLlm } from "@/server/integrations/llm/reply-llm";
import { logger } from "@/server/logger";
import type { GhlEvent } from "./outcomes.schemas";
import * as repo from "./outcomes.repository";

export type OutcomeType = "REPLY" | "BOUNCE" | "COMPLAINT" | "UNSUBSCRIBE" | "MEETING" | "DELIVERED" | "OPENED" | "OPPORTUNITY";

/** What one GHL event means for us, before touching the database. */
export interface Interpreted {
  eventKey: string;
  type: OutcomeType;
  classification: ReplyClass | null;
  rule: string | null;
  value: number | null;
  occurredAt: Date;
  /** Our outbound message the event names (matches Send.providerMessageId). */
  outboundMessageId: string | null;
  contactId: string | null;
  /** Only used to hash when no Send matched; never stored or logged. */
  recipientEmail: string | null;
  /** Add the recipient to the suppression list (reason). */
  suppress: string | null;
  /** Drop the contact's open drafts (reason). */
  stopFollowUps: string | null;
  payload: Record<string, unknown>;
}

export type ProcessResult =
  | { kind: "stored"; outcomeId: string; type: OutcomeType; classification: ReplyClass | null; sendId: string | null; suppressed: boolean; draftsDropped: number }
  | { kind: "duplicate"; eventKey: string }
  | { kind: "ignored"; reason: string };

function at(v: string | number | undefined, fallback: Date): Date {
  if (v === undefined) return fallback;
  // GHL sends ISO strings; Mailgun-style stats send epoch seconds (ms when the number is that large).
  const d = typeof v === "number" ? new Date(v < 1e11 ? v * 1000 : v) : new Date(v);
  return Number.isNaN(d.getTime()) ? fallback : d;
}

/** Pure interpretation of a validated event; null = acknowledged but not an outcome. */
export function interpret(ev: GhlEvent, now: Date): Interpreted | { ignore: string } {
  const common = { value: null, classification: null, rule: null, outboundMessageId: null, contactId: null, recipientEmail: null, suppress: null, stopFollowUps: null };
  switch (ev.type) {
    case "InboundMessage": {
      if (ev.direction && ev.direction.toLowerCase() !== "inbound") return { ignore: "outbound message" };
      const c = classifyReply({ body: ev.body, subject: ev.subject, headers: ev.headers });
      return {
        ...common, eventKey: ev.webhookId ?? `ghl:msg:${ev.messageId}`, type: "REPLY", classification: c.classification, rule: c.rule,
        occurredAt: at(ev.dateAdded, now), outboundMessageId: ev.replyToMessageId ?? null, contactId: ev.contactId,
        suppress: c.classification === "UNSUBSCRIBE" ? "unsubscribe request in a reply" : null,
        stopFollowUps: followUpStopReason({ type: "REPLY", classification: c.classification }),
        // The reply's new text is kept for the inbox (never logged); quoted history is not.
        payload: { ghlType: ev.type, messageId: ev.messageId, conversationId: ev.conversationId ?? null, subject: ev.subject ?? null, text: newText(ev.body).slice(0, 5000), rule: c.rule },
      };
    }
    case "LCEmailStats": {
      const p = ev.webhookPayload;
      const base = {
        ...common, eventKey: ev.webhookId ?? `ghl:stats:${p.id}`, occurredAt: at(p.timestamp, now),
        outboundMessageId: ev.messageId ?? ev.emailMessageId ?? null, contactId: ev.contactId ?? null, recipientEmail: p.recipient ?? null,
        payload: { ghlType: ev.type, event: p.event, severity: p.severity ?? null, messageId: ev.messageId ?? ev.emailMessageId ?? null },
      };
      switch (p.event) {
        case "delivered": return { ...base, type: "DELIVERED" };
        case "opened": return { ...base, type: "OPENED" };
        case "failed":
        case "bounced":
          // Soft bounces are retried by the provider and say nothing final about the address.
          if (p.severity !== "permanent") return { ignore: "soft bounce" };
          return { ...base, type: "BOUNCE", suppress: "hard bounce", stopFollowUps: followUpStopReason({ type: "BOUNCE", classification: null }) };
        case "complained": return { ...base, type: "COMPLAINT", suppress: "spam complaint", stopFollowUps: followUpStopReason({ type: "COMPLAINT", classification: null }) };
        case "unsubscribed": return { ...base, type: "UNSUBSCRIBE", suppress: "unsubscribed (provider)", stopFollowUps: followUpStopReason({ type: "UNSUBSCRIBE", classification: null }) };
        default: return { ignore: `email event ${p.event}` };
      }
    }
    case "AppointmentCreate": {
      const a = ev.appointment;
      return {
        ...common, eventKey: ev.webhookId ?? `ghl:appt:${a.id}`, type: "MEETING", value: a.value ?? null, occurredAt: at(a.dateAdded, now), contactId: a.contactId,
        stopFollowUps: followUpStopReason({ type: "MEETING", classification: null }), payload: { ghlType: ev.type, appointmentId: a.id, status: a.appointmentStatus ?? null, startTime: a.startTime ?? null },
      };
    }
    case "OpportunityMonetaryValueUpdate":
      // Each value change is its own event: the same opportunity can change value many times.
      return {
        ...common, eventKey: ev.webhookId ?? `ghl:opp:${ev.id}:${ev.monetaryValue}:${ev.dateUpdated ?? ""}`, type: "OPPORTUNITY", value: ev.monetaryValue,
        occurredAt: at(ev.dateUpdated, now), contactId: ev.contactId, payload: { ghlType: ev.type, opportunityId: ev.id },
      };
  }
}

/**
 * Matching rule (which of our sends an event belongs to):
 *   1. the event names our outbound message (stats `messageId`/`emailMessageId`, reply
 *      `replyToMessageId`) → the Send with that providerMessageId;
 *   2. else the event's GHL contact id → that contact's latest Send sent at or before the event
 *      (else their latest send at all, for clock skew);
 *   3. else unmatched: the outcome is stored with no send (it still counts in the day's metrics,
 *      and a suppressing event still suppresses the recipient address when the payload carries it).
 */
async function match(db: Db, i: Interpreted): Promise<repo.MatchedSend | null> {
  if (i.outboundMessageId) {
    const s = await repo.sendByMessageId(db, i.outboundMessageId);
    if (s) return s;
  }
  return i.contactId ? repo.latestSendToContact(db, i.contactId, i.occurredAt) : null;
}

/** The event emitted after an outcome of one of our sends is stored (the route wires it to inngest.send). */
export interface OutcomeRecorded {
  outcomeId: string;
  sendId: string;
  type: OutcomeType;
  classification: ReplyClass | null;
}

export interface OutcomeDeps {
  /** Tells the send's outcome watch (track-send-outcome) and call prep; failures are logged, not fatal. */
  emit?: (e: OutcomeRecorded) => Promise<unknown>;
  /** Optional LLM reply classifier (off by default); the rules remain the fallback. */
  llm?: ReplyLlm | null;
  llmTimeoutMs?: number;
}

/** Delivered/opened are steps on the way, not outcomes anything waits for. */
const NOT_EMITTED: ReadonlySet<OutcomeType> = new Set(["DELIVERED", "OPENED"]);

/** Asks the optional LLM for a second reading of a reply; any failure keeps the rules' answer. */
async function refineReply(i: Interpreted, ev: GhlEvent, llm: ReplyLlm, timeoutMs: number): Promise<Interpreted> {
  if (ev.type !== "InboundMessage" || i.type !== "REPLY" || !i.classification || !i.rule) return i;
  let opinion: ReplyClass | null = null;
  try {
    opinion = await llm.classify({ subject: ev.subject ?? null, text: newText(ev.body).slice(0, 5000) }, AbortSignal.timeout(timeoutMs));
  } catch (e) {
    logger.warn({ err: (e as Error)?.name === "TimeoutError" ? "timeout" : (e as Error)?.message, llm: llm.name }, "reply LLM failed; the rules decide");
  }
  const c = combineReplyClassification({ classification: i.classification, rule: i.rule }, opinion, llm.name);
  if (c.source === "rules") return i;
  return {
    ...i, classification: c.classification, rule: c.rule,
    suppress: c.classification === "UNSUBSCRIBE" ? "unsubscribe request in a reply" : null,
    stopFollowUps: followUpStopReason({ type: "REPLY", classification: c.classification }),
    payload: { ...i.payload, rule: c.rule, rulesSaid: i.classification },
  };
}

/** Records one inbound event exactly once and applies its effects in the same transaction. */
export async function processGhlEvent(db: Db, ev: GhlEvent, now = new Date(), deps: OutcomeDeps = {}): Promise<ProcessResult> {
  const interpreted = interpret(ev, now);
  if ("ignore" in interpreted) return { kind: "ignored", reason: interpreted.ignore };
  const i = deps.llm ? await refineReply(interpreted, ev, deps.llm, deps.llmTimeoutMs ?? 4000) : interpreted;
  const send = await match(db, i);
  const outcomeId = ulid();
  const result = await db.$transaction(async (tx): Promise<ProcessResult> => {
    const inserted = await repo.insertOutcome(tx, {
      id: outcomeId, sendId: send?.id ?? null, type: i.type, classification: i.classification, providerEventId: i.eventKey,
      value: i.value, occurredAt: i.occurredAt, payload: JSON.stringify(i.payload), now,
    });
    if (!inserted) return { kind: "duplicate", eventKey: i.eventKey };
    // Counted in the same commit as the row (O(1)), so the scorecards move with the event.
    await countOutcomeInTx(tx, { id: outcomeId, sendId: send?.id ?? null, type: i.type, classification: i.classification, value: i.value, occurredAt: i.occurredAt });
    const subject = send ? { subjectType: "send", subjectId: send.id } : { subjectType: "outcome", subjectId: outcomeId };
    await recordInTx(tx, {
      actorType: "SYSTEM", agent: "OUTCOME", action: "outcome.recorded", decision: "INFO", riskLevel: "LOW", ...subject,
      reason: i.classification ? `${i.type} classified ${i.classification} (rule ${i.rule})` : i.type,
      evidence: { outcomeId, eventKey: i.eventKey, type: i.type, classification: i.classification, rule: i.rule, value: i.value, matched: send !== null },
    }, now);

    let suppressed = false;
    if (i.suppress) {
      // The send stored the same keyed hash the claim checks, so this works even after the
      // contact's personal data is erased; the payload's address is the fallback when unmatched.
      const hash = send?.recipientHash ?? (i.recipientEmail ? emailHash(i.recipientEmail) : null);
      if (hash) suppressed = await repo.suppressHash(tx, hash, i.suppress, `ghl:${i.type.toLowerCase()}`, now);
      await recordInTx(tx, {
        actorType: "SYSTEM", agent: "OUTCOME", action: "suppression.add", decision: hash ? "ALLOW" : "DENY", riskLevel: "HIGH", ...subject,
        reason: hash ? i.suppress : `${i.suppress}: no send matched and no address in the event, nothing to suppress`,
        evidence: { outcomeId, added: suppressed, alreadySuppressed: hash !== null && !suppressed },
      }, now);
    }

    let dropped: string[] = [];
    if (i.stopFollowUps && send) {
      dropped = await repo.dropOpenDrafts(tx, send.visitorId, i.stopFollowUps);
      if (dropped.length > 0) {
        await recordInTx(tx, {
          actorType: "SYSTEM", agent: "OUTCOME", action: "followups.stopped", decision: "INFO", riskLevel: "MEDIUM", subjectType: "visitor", subjectId: send.visitorId,
          reason: i.stopFollowUps, evidence: { outcomeId, draftIds: dropped },
        }, now);
      }
    }
    return { kind: "stored", outcomeId, type: i.type, classification: i.classification, sendId: send?.id ?? null, suppressed, draftsDropped: dropped.length };
  });

  if (result.kind === "stored" && result.sendId && deps.emit && !NOT_EMITTED.has(result.type)) {
    try {
      await deps.emit({ outcomeId: result.outcomeId, sendId: result.sendId, type: result.type, classification: result.classification });
    } catch (e) {
      // The watch re-reads the send's outcomes before it records "no outcome", so a lost emit only delays it.
      logger.warn({ err: e, outcomeId: result.outcomeId }, "outcome event emit failed; the outcome watch reads it from the database");
    }
  }
  return result;
}
