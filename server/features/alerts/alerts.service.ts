import type { Db } from "@/server/db/client";
import { appUrl } from "@/server/env";
import { buildAlertMessage, SlackError, slackFromEnv, type SlackClient } from "@/server/integrations/slack";
import { logger } from "@/server/logger";
import * as repo from "./alerts.repository";

/**
 * Alerts (DESIGN.md §3 step 6, §4, §9): every alert is a row first. With a Slack webhook
 * configured it is QUEUED and the deliverer posts it, paced to about one message a second with
 * Slack's 429 Retry-After honoured (the pacing slot lives in the database, shared by every
 * process); without one (sandbox) it is stored as SANDBOX at once and the Alerts page shows it.
 * A dedupe key makes each incident alert once, however often its source fires.
 */
export const ALERT_KINDS = ["HOT_LEAD", "REVIEW_WAITING", "BREAKER_OPEN", "AUTO_PAUSE", "DOMAIN_EMERGENCY", "DOMAIN_PAUSE", "DIGEST", "TEST"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type Severity = "INFO" | "WARNING" | "CRITICAL";

export interface RaiseAlertInput {
  kind: AlertKind;
  severity: Severity;
  /** No personal data beyond what the team's channel needs (company, title, score), never e-mail addresses. */
  title: string;
  text: string;
  link: string;
  buttons?: { label: string; url: string }[];
  dedupeKey: string;
  subject?: { type: string; id: string };
}

export interface RaiseDeps {
  slack?: SlackClient;
  /** Wakes the deliverer (an Inngest event); the per-minute sweep delivers anyway if this fails. */
  emit?: () => Promise<unknown>;
  now?: Date;
}

export async function raiseAlert(db: Db, input: RaiseAlertInput, deps: RaiseDeps = {}) {
  const now = deps.now ?? new Date();
  const mode = (deps.slack ?? slackFromEnv()).mode;
  const id = await repo.insertOnce(db, {
    kind: input.kind, severity: input.severity, title: input.title.slice(0, 200), text: input.text.slice(0, 2900), link: input.link,
    buttons: JSON.stringify(input.buttons ?? []), dedupeKey: input.dedupeKey, subjectType: input.subject?.type ?? null, subjectId: input.subject?.id ?? null,
    status: mode === "sandbox" ? "SANDBOX" : "QUEUED", now,
  });
  if (!id) return { id: null, created: false, mode };
  logger.info({ alertId: id, kind: input.kind, mode }, "alert raised");
  if (mode === "sandbox" && input.subject?.type === "draft") await repo.markDraftAlerted(db, input.subject.id, now);
  if (mode === "live" && deps.emit) await deps.emit().catch((err) => logger.warn({ err, alertId: id }, "could not wake the alert deliverer; the sweep will deliver"));
  return { id, created: true, mode };
}

/** Raises an alert and never throws: an alert must not break the workflow that noticed the problem. */
export async function raiseAlertSafely(db: Db, input: RaiseAlertInput, deps: RaiseDeps = {}) {
  try {
    return await raiseAlert(db, input, deps);
  } catch (err) {
    logger.error({ err, kind: input.kind }, "raising an alert failed");
    return { id: null, created: false, mode: "unknown" as const };
  }
}

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export interface DeliverDeps {
  slack: SlackClient;
  clock?: Clock;
  baseUrl?: string;
  /** Slack allows about one message per second per webhook: keep at least this between posts. */
  minIntervalMs?: number;
  /** Posts per call (bounds one workflow step). */
  maxMessages?: number;
  /** Waits up to this long in-process for the next slot; longer waits are returned (the workflow sleeps durably). */
  maxInlineWaitMs?: number;
}

export const SLACK_CHANNEL = "slack";
export const MIN_INTERVAL_MS = 1_100;
const LEASE_MS = 60_000;
export const MAX_ATTEMPTS = 6;
const backoffMs = (attempt: number) => Math.min(30 * 60_000, 30_000 * 2 ** (attempt - 1));

export interface DeliverResult {
  sent: number;
  failed: number;
  retried: number;
  sandbox: number;
  /** When the next queued alert can go (pacing, Retry-After or a retry); null when nothing is queued. */
  waitUntil: string | null;
}

/** Posts due alerts in order, one slot at a time. Safe to run in several processes at once. */
export async function deliverDue(db: Db, deps: DeliverDeps): Promise<DeliverResult> {
  const clock = deps.clock ?? realClock;
  const minInterval = deps.minIntervalMs ?? MIN_INTERVAL_MS;
  const maxMessages = deps.maxMessages ?? 20;
  const maxInlineWait = deps.maxInlineWaitMs ?? 2_000;
  const baseUrl = deps.baseUrl ?? appUrl();
  const out: DeliverResult = { sent: 0, failed: 0, retried: 0, sandbox: 0, waitUntil: null };
  // Bounded: each turn posts, settles or waits; a lost race costs one turn.
  for (let turn = 0; turn < maxMessages * 4 && out.sent + out.failed < maxMessages; turn++) {
    const now = clock.now();
    const a = await repo.nextDue(db, now);
    if (!a) {
      const next = await repo.earliestQueued(db);
      out.waitUntil = next ? next.nextAttemptAt.toISOString() : null;
      return out;
    }
    if (deps.slack.mode === "sandbox") {
      // Queued while Slack was configured, delivered after it was removed: the Alerts page is the record.
      await repo.settle(db, a.id, { status: "SANDBOX", deliveredAt: now });
      if (a.subjectType === "draft" && a.subjectId) await repo.markDraftAlerted(db, a.subjectId, now);
      out.sandbox++;
      continue;
    }
    const slotAt = await repo.pacerNextAt(db, SLACK_CHANNEL);
    if (slotAt && slotAt > now) {
      const wait = slotAt.getTime() - now.getTime();
      if (wait > maxInlineWait) return { ...out, waitUntil: slotAt.toISOString() };
      await clock.sleep(wait);
      continue;
    }
    if (!(await repo.takeSlot(db, SLACK_CHANNEL, now, new Date(now.getTime() + minInterval)))) continue;
    if (!(await repo.lease(db, a.id, a.attempts, new Date(now.getTime() + LEASE_MS)))) continue;
    try {
      await deps.slack.post(buildAlertMessage({ ...a, buttons: JSON.parse(a.buttons) as { label: string; url: string }[] }, baseUrl));
      const at = clock.now();
      await repo.settle(db, a.id, { status: "SENT", deliveredAt: at, lastError: null });
      if (a.subjectType === "draft" && a.subjectId) await repo.markDraftAlerted(db, a.subjectId, at);
      out.sent++;
    } catch (e) {
      const err = e instanceof SlackError ? e : new SlackError("NETWORK", (e as Error)?.message ?? "unknown error");
      if (err.kind === "RATE_LIMITED") {
        // Not the alert's fault: the channel waits, the alert keeps its place in the order and its attempt count.
        const until = new Date(clock.now().getTime() + (err.opts.retryAfterMs ?? 30_000));
        await repo.blockUntil(db, SLACK_CHANNEL, until);
        await repo.settle(db, a.id, { status: "QUEUED", nextAttemptAt: a.nextAttemptAt, attempts: a.attempts, lastError: err.message });
        logger.warn({ alertId: a.id, retryAt: until.toISOString() }, "Slack rate limited: waiting for Retry-After");
        out.retried++;
        continue;
      }
      const attempts = a.attempts + 1;
      if (!err.retriable || attempts >= MAX_ATTEMPTS) {
        await repo.settle(db, a.id, { status: "FAILED", lastError: err.message });
        logger.error({ alertId: a.id, kind: a.kind, err: err.message }, "Slack alert failed for good");
        out.failed++;
      } else {
        await repo.settle(db, a.id, { status: "QUEUED", nextAttemptAt: new Date(clock.now().getTime() + backoffMs(attempts)), lastError: err.message });
        out.retried++;
      }
    }
  }
  const next = await repo.earliestQueued(db);
  return { ...out, waitUntil: next ? next.nextAttemptAt.toISOString() : null };
}

export async function listAlerts(db: Db, opts: { cursor?: string | null; limit: number; kind?: AlertKind }) {
  const rows = await repo.list(db, opts);
  const page = rows.slice(0, opts.limit);
  const counts = Object.fromEntries((await repo.countByStatus(db)).map((c) => [c.status, c._count._all]));
  return {
    mode: slackFromEnv().mode,
    counts: { queued: counts.QUEUED ?? 0, sent: counts.SENT ?? 0, sandbox: counts.SANDBOX ?? 0, failed: counts.FAILED ?? 0 },
    nextCursor: rows.length > opts.limit ? page[page.length - 1].id : null,
    items: page.map((a) => ({
      id: a.id, kind: a.kind, severity: a.severity, title: a.title, text: a.text, link: a.link,
      buttons: JSON.parse(a.buttons) as { label: string; url: string }[], status: a.status, attempts: a.attempts, lastError: a.lastError,
      subjectType: a.subjectType, subjectId: a.subjectId, createdAt: a.createdAt.toISOString(), deliveredAt: a.deliveredAt?.toISOString() ?? null,
    })),
  };
}
