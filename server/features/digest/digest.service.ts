import type { Db } from "@/server/db/client";
import { DomainError, preconditionFailed } from "@/server/domain/errors";
import { anomalies, digestWindow, proposals, trend, type DigestState } from "@/server/domain/digest";
import { rate } from "@/server/domain/metrics";
import type { Actor } from "@/server/domain/roles";
import { percent } from "@/server/domain/text";
import { delivered } from "@/server/domain/scorecards";
import { raiseAlert, type RaiseDeps } from "@/server/features/alerts/alerts.service";
import { record } from "@/server/features/audit/audit.service";
import { countWindow } from "@/server/features/metrics/metrics.repository";
import { openIncidents } from "@/server/features/monitors/monitors.service";
import { get as getSetting, killSwitches } from "@/server/features/settings/settings.service";
import { logger } from "@/server/logger";
import { signActionToken, verifyActionToken } from "./action-links";
import { describeAction, performAction } from "./digest-actions";
import * as repo from "./digest.repository";
import { digestData, type DigestData } from "./digest.schemas";

/**
 * The weekly digest (issue #7 item 7): last week's figures against the week before, top and
 * flagged templates, what is pending, anomalies, and one-click override links for the actions it
 * proposes. Stored (the Digest page shows it) and posted as an alert (Slack or the Alerts list).
 */
const WEEK_MS = 7 * 86_400_000;

async function figures(db: Db, from: Date, to: Date) {
  const t = await countWindow(db, from, to);
  return { t, week: { sent: t.sent, delivered: delivered(t), replies: t.replies, positiveReplies: t.positiveReplies, bounces: t.bounces, complaints: t.complaints, sendErrors: t.sendErrors } };
}

export async function buildDigest(db: Db, period: { start: Date; end: Date; timeZone: string }, now: Date): Promise<DigestData> {
  const [cur, prev, tw, tpl, pending, failed, switches, incidents] = await Promise.all([
    figures(db, period.start, period.end), figures(db, new Date(period.start.getTime() - WEEK_MS), period.start),
    repo.templateWeek(db, period.start, period.end), repo.templates(db), repo.pendingFigures(db, now), repo.failedAlerts(db, period.start, period.end),
    killSwitches(db), openIncidents(db),
  ]);
  const byTemplate = new Map<string, { sent: number; replies: number; positive: number }>();
  const templateOfSend = new Map<string, string>();
  for (const s of tw.sends) {
    const id = s.draft.templateVersion.templateId;
    templateOfSend.set(s.id, id);
    const x = byTemplate.get(id) ?? { sent: 0, replies: 0, positive: 0 };
    x.sent++;
    byTemplate.set(id, x);
  }
  for (const r of tw.replies) {
    const x = byTemplate.get(templateOfSend.get(r.sendId!) ?? "");
    if (!x) continue;
    x.replies++;
    if (r.classification === "POSITIVE") x.positive++;
  }
  const names = new Map(tpl.map((t) => [t.id, t]));
  const withFigures = [...byTemplate].map(([templateId, x]) => ({ templateId, name: names.get(templateId)?.name ?? "(deleted)", ...x }));
  const state: DigestState = {
    current: cur.week, previous: prev.week,
    sendingPaused: { on: switches.PAUSE_ALL_SENDS.on, by: switches.PAUSE_ALL_SENDS.by },
    pausedDomains: incidents.filter((i) => i.monitor === "sending-domain").map((i) => ({ domain: i.scope, incidentId: i.id, reason: i.reason })),
    openIncidents: incidents.map((i) => ({ id: i.id, monitor: i.monitor, reason: i.reason })),
    pendingReviews: pending.reviews, oldestReviewHours: pending.oldestReviewHours, failedAlerts: failed,
    flaggedTemplates: tpl.filter((t) => t.flaggedAt).map((t) => ({ templateId: t.id, name: t.name, flagReason: t.flagReason })),
    templates: withFigures.filter((t) => names.get(t.templateId)?.active && !names.get(t.templateId)?.flaggedAt),
  };
  const actions = proposals(state).map((p) => {
    const { token, payload } = signActionToken({ act: p.kind, params: p.params, now });
    return { kind: p.kind, label: p.label, why: p.why, url: `/api/digest/link?token=${token}`, expiresAt: new Date(payload.exp).toISOString() };
  });
  return digestData.parse({
    period: { start: period.start.toISOString(), end: period.end.toISOString(), timeZone: period.timeZone },
    sent: trend(cur.week.sent, prev.week.sent),
    replyRate: trend(rate(cur.week.replies, cur.week.delivered), rate(prev.week.replies, prev.week.delivered)),
    positiveReplyRate: trend(rate(cur.week.positiveReplies, cur.week.delivered), rate(prev.week.positiveReplies, prev.week.delivered)),
    replies: cur.week.replies, positiveReplies: cur.week.positiveReplies, meetings: cur.t.meetings,
    topTemplates: withFigures.filter((t) => t.sent > 0).sort((a, b) => b.positive - a.positive || b.replies / b.sent - a.replies / a.sent || b.sent - a.sent).slice(0, 3),
    flaggedTemplates: tpl.filter((t) => t.flaggedAt).map((t) => ({ templateId: t.id, name: t.name, flaggedAt: t.flaggedAt!.toISOString(), flagReason: t.flagReason })),
    pending: { reviews: pending.reviews, oldestReviewHours: pending.oldestReviewHours, sendsNeedingReview: pending.sendsNeedingReview, openIncidents: incidents.length },
    anomalies: anomalies(state),
    actions,
  });
}

const pct = (x: number | null) => (x === null ? "n/a" : percent(x));

function summary(d: DigestData): string {
  const lines = [
    `${d.sent.current ?? 0} e-mails sent (week before: ${d.sent.previous ?? 0}). Reply rate ${pct(d.replyRate.current)} (was ${pct(d.replyRate.previous)}), positive ${pct(d.positiveReplyRate.current)} (was ${pct(d.positiveReplyRate.previous)}), ${d.meetings} meetings.`,
    `Pending: ${d.pending.reviews} reviews${d.pending.oldestReviewHours !== null ? ` (oldest ${d.pending.oldestReviewHours} h)` : ""}, ${d.pending.sendsNeedingReview} sends needing review, ${d.pending.openIncidents} open incidents.`,
  ];
  if (d.topTemplates.length) lines.push(`Top templates: ${d.topTemplates.map((t) => `${t.name} (${t.positive} positive / ${t.sent} sent)`).join(", ")}.`);
  if (d.flaggedTemplates.length) lines.push(`Flagged: ${d.flaggedTemplates.map((t) => t.name).join(", ")}.`);
  if (d.anomalies.length) lines.push(`Anomalies:\n• ${d.anomalies.join("\n• ")}`);
  if (d.actions.length) lines.push(`Proposed: ${d.actions.map((a) => a.label).join("; ")} (buttons below; each opens a confirmation page).`);
  return lines.join("\n");
}

async function store(db: Db, weekKey: string, period: { start: Date; end: Date; timeZone: string }, now: Date, deps: RaiseDeps) {
  const data = await buildDigest(db, period, now);
  const saved = await repo.save(db, { weekKey, periodStart: period.start, periodEnd: period.end, data: JSON.stringify(data), now });
  await raiseAlert(db, {
    kind: "DIGEST", severity: data.anomalies.length ? "WARNING" : "INFO", title: `Weekly digest ${weekKey}`, text: summary(data),
    link: `/digest?id=${saved.id}`, buttons: data.actions.map((a) => ({ label: a.label, url: a.url })), dedupeKey: `digest:${weekKey}`,
    subject: { type: "digest", id: saved.id },
  }, { ...deps, now });
  return saved;
}

/** The hourly cron's job: this week's digest once its scheduled local weekday and hour have passed. */
export async function generateDueDigest(db: Db, deps: RaiseDeps = {}) {
  const now = deps.now ?? new Date();
  const schedule = await getSetting(db, "digestSchedule");
  const w = digestWindow(now, schedule);
  if (!w.due) return { generated: false, weekKey: w.weekKey, reason: "not yet due this week" };
  if (await repo.findByWeek(db, w.weekKey)) return { generated: false, weekKey: w.weekKey, reason: "already generated" };
  const saved = await store(db, w.weekKey, { start: w.periodStart, end: w.periodEnd, timeZone: schedule.timeZone }, now, deps);
  logger.info({ weekKey: w.weekKey, digestId: saved.id }, "weekly digest generated");
  return { generated: true, weekKey: w.weekKey, id: saved.id, reason: "generated" };
}

/** An approver asks for a digest of the last 7 days now (audited); it does not replace the scheduled one. */
export async function generateNow(db: Db, actor: Pick<Actor, "id">, deps: RaiseDeps = {}) {
  const now = deps.now ?? new Date();
  const schedule = await getSetting(db, "digestSchedule");
  const weekKey = `${digestWindow(now, schedule).weekKey}-manual-${now.toISOString().slice(0, 16)}`;
  const saved = await store(db, weekKey, { start: new Date(now.getTime() - WEEK_MS), end: now, timeZone: schedule.timeZone }, now, deps);
  await record(db, { actorType: "USER", actorId: actor.id, action: "digest.generate", decision: "INFO", riskLevel: "LOW", subjectType: "digest", subjectId: saved.id, evidence: { weekKey } });
  return saved;
}

export async function getDigest(db: Db, id?: string) {
  const row = id ? await repo.get(db, id) : await repo.latest(db);
  return {
    digest: row ? { id: row.id, weekKey: row.weekKey, createdAt: row.createdAt.toISOString(), data: digestData.parse(JSON.parse(row.data)) } : null,
    history: (await repo.history(db)).map((h) => ({ id: h.id, weekKey: h.weekKey, createdAt: h.createdAt.toISOString() })),
  };
}

/** For the confirmation page: is the link valid, and what would it do (nothing is changed). */
export async function inspectLink(db: Db, token: string, now = new Date()) {
  const v = verifyActionToken(token, now);
  if (!v.ok) return { valid: false, problem: v.reason, action: null };
  const d = await describeAction(db, v.payload);
  const action = { kind: v.payload.act, ...d, expiresAt: new Date(v.payload.exp).toISOString() };
  if (await repo.isUsed(db, v.payload.jti)) return { valid: false, problem: "used" as const, action };
  return { valid: true, problem: null, action };
}

const LINK_PROBLEM = { malformed: "This link is not a valid override link.", signature: "This link was altered: its signature does not match.", expired: "This link has expired." };

/** The confirmation's POST: verifies, uses the token up (once, ever), acts as the approver, audits. */
export async function useLink(db: Db, actor: Pick<Actor, "id" | "name">, token: string, now = new Date()) {
  const v = verifyActionToken(token, now);
  if (!v.ok) {
    // A refused link writes nothing (like every refused request: 4xx, no rows); the warning keeps
    // altered or expired attempts visible in the logs (no personal data in it).
    logger.warn({ actorId: actor.id, problem: v.reason }, "digest override link refused");
    throw new DomainError(v.reason === "expired" ? "PRECONDITION_FAILED" : "VALIDATION", LINK_PROBLEM[v.reason]);
  }
  const p = v.payload;
  if (!(await repo.markUsed(db, p.jti, p.act, actor.id, now))) throw preconditionFailed("This link was already used.");
  let message: string;
  try {
    message = await performAction(db, actor, p);
  } catch (e) {
    await repo.unmarkUsed(db, p.jti); // nothing was done: the link stays usable
    throw e;
  }
  await record(db, {
    actorType: "USER", actorId: actor.id, action: "digest.override", decision: "ALLOW", riskLevel: "HIGH", reason: message,
    subjectType: "action-link", subjectId: p.jti, evidence: { act: p.act, params: p.p },
  }, now);
  return { done: true, message };
}
