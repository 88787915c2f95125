import type { Db } from "@/server/db/client";
import { retryBusy } from "@/server/db/busy-retry";
import { notFound, preconditionFailed } from "@/server/domain/errors";
import {
  domainHealthVerdict, MONITOR_THRESHOLDS as T, monitorAction, replyRateVerdict, sendingDomainVerdict, windowStart,
  type MonitorName, type MonitorVerdict,
} from "@/server/domain/monitors";
import type { Actor } from "@/server/domain/roles";
import { delivered } from "@/server/domain/scorecards";
import { recordInTx } from "@/server/features/audit/audit.service";
import { raiseAlert, type AlertKind, type RaiseDeps } from "@/server/features/alerts/alerts.service";
import { countWindow } from "@/server/features/metrics/metrics.repository";
import { sendingDomain } from "@/server/features/sending/sending-domain";
import { killSwitches, setKillSwitchBySystemInTx } from "@/server/features/settings/settings.service";
import { SETTINGS } from "@/server/features/settings/settings.schemas";
import { logger } from "@/server/logger";
import * as repo from "./monitors.repository";

/**
 * The reply-rate, domain-health and sending-domain monitors (DESIGN.md §4, §8, §10), run by a
 * cron function. A tripped monitor opens ONE incident, pauses (PAUSE_ALL_SENDS, or that sending
 * domain) in the same transaction, and raises one alert keyed by the incident. Nothing here ever
 * resumes sending: an approver closes the incident (resolveIncident), and the monitor then judges
 * only what happens after that.
 */
const MONITOR_BY = (m: MonitorName) => `monitor:${m}`;

const ALERT: Record<MonitorName, { kind: AlertKind; title: string; consequence: string }> = {
  "reply-rate": { kind: "AUTO_PAUSE", title: "Sending paused: reply rate collapsed", consequence: "All sending is paused (PAUSE_ALL_SENDS) until an approver resumes it." },
  "domain-health": { kind: "DOMAIN_EMERGENCY", title: "EMERGENCY: domain health below 50", consequence: "All sending is paused (PAUSE_ALL_SENDS) until an approver resumes it." },
  "sending-domain": { kind: "DOMAIN_PAUSE", title: "Sending domain paused", consequence: "Nothing is sent from this domain until an approver resumes it." },
};

interface Tick {
  monitor: MonitorName;
  scope: string;
  verdict: MonitorVerdict;
  action: "OPEN_INCIDENT" | "NONE";
  incidentId: string | null;
}

async function judge(db: Db, monitor: MonitorName, scope: string, now: Date): Promise<MonitorVerdict> {
  const since = await repo.lastResolvedAt(db, monitor, scope);
  if (monitor === "reply-rate") {
    // The sends of the 24 h before the grace period (only those after the last resume), and how
    // many of them were answered by now: a cohort, not the replies that happened to arrive in a window.
    const to = new Date(now.getTime() - T.replyRateGraceMs);
    const from = windowStart(to, T.replyRateWindowMs, since);
    const c = from < to ? await repo.replyCohort(db, from, to) : { sent: 0, bounces: 0, replies: 0 };
    return replyRateVerdict({ delivered: delivered(c), replies: c.replies });
  }
  if (monitor === "domain-health") {
    const t = await countWindow(db, windowStart(now, T.domainHealthWindowMs, since), now);
    return domainHealthVerdict({ delivered: delivered(t), bounces: t.bounces, complaints: t.complaints, opens: t.opens, replies: t.replies });
  }
  return sendingDomainVerdict(await repo.deliveryCounts(db, windowStart(now, T.sendingDomainWindowMs, since), now, { domain: scope, current: scope === sendingDomain() }));
}

/** Opens the incident and applies the pause in one transaction; null when one was already open. */
async function trip(db: Db, monitor: MonitorName, scope: string, v: MonitorVerdict, now: Date) {
  return retryBusy(() => db.$transaction(async (tx) => {
    const incident = await repo.insertIncident(tx, { monitor, scope, value: v.value, detail: JSON.stringify(v), reason: v.reason, now });
    if (!incident) return null;
    if (monitor === "sending-domain") {
      const row = await tx.setting.findUnique({ where: { key: "pausedSendingDomains" }, select: { value: true } });
      const paused = row ? SETTINGS.pausedSendingDomains.schema.parse(JSON.parse(row.value)) : {};
      paused[scope] = { reason: v.reason, at: now.toISOString(), by: MONITOR_BY(monitor) };
      const value = JSON.stringify(paused);
      await tx.setting.upsert({ where: { key: "pausedSendingDomains" }, create: { key: "pausedSendingDomains", value }, update: { value } });
    } else {
      await setKillSwitchBySystemInTx(tx, "PAUSE_ALL_SENDS", MONITOR_BY(monitor), v.reason, now);
    }
    await recordInTx(tx, {
      actorType: "SYSTEM", agent: "QUEEN", action: "monitor.tripped", decision: "INFO", riskLevel: "CRITICAL", reason: v.reason,
      subjectType: "monitor", subjectId: incident.id, evidence: { monitor, scope, value: v.value },
    }, now);
    return incident;
  }));
}

/** The one alert of an incident (keyed by it, so a retried tick never alerts twice). */
function alertIncident(db: Db, i: { id: string; monitor: string; scope: string; reason: string }, deps: RaiseDeps) {
  const a = ALERT[i.monitor as MonitorName];
  return raiseAlert(db, {
    kind: a.kind, severity: "CRITICAL", title: i.monitor === "sending-domain" ? `${a.title}: ${i.scope}` : a.title,
    text: `${i.reason}. ${a.consequence}`, link: "/alerts#incidents", dedupeKey: `incident:${i.id}`, subject: { type: "incident", id: i.id },
  }, deps);
}

/**
 * An incident whose pause an approver lifted directly (Settings kill switch) is closed as theirs,
 * so the monitor judges again from then on instead of staying silent behind a stale incident.
 */
async function closeIfResumedElsewhere(db: Db, now: Date) {
  const open = await repo.listOpen(db);
  if (open.length === 0) return;
  const switches = await killSwitches(db);
  const paused = await db.setting.findUnique({ where: { key: "pausedSendingDomains" }, select: { value: true } });
  const domains = paused ? SETTINGS.pausedSendingDomains.schema.parse(JSON.parse(paused.value)) : {};
  for (const i of open) {
    const lifted = i.monitor === "sending-domain" ? !domains[i.scope] : !switches.PAUSE_ALL_SENDS.on;
    if (!lifted) continue;
    const by = i.monitor === "sending-domain" ? "resumed in Settings" : `${switches.PAUSE_ALL_SENDS.by ?? "someone"} turned PAUSE_ALL_SENDS off`;
    const at = i.monitor !== "sending-domain" && switches.PAUSE_ALL_SENDS.at ? new Date(switches.PAUSE_ALL_SENDS.at) : now;
    await repo.resolve(db, i.id, by, at > i.openedAt ? at : now);
  }
}

export async function runMonitors(db: Db, deps: RaiseDeps = {}): Promise<Tick[]> {
  const now = deps.now ?? new Date();
  await closeIfResumedElsewhere(db, now);
  // Each sending domain is judged on its own sends: the one configured now, and any other that sent
  // in the window (so switching GHL_EMAIL_FROM away from a paused domain does not pause the new one).
  const current = sendingDomain();
  const others = (await repo.senderDomainsSince(db, new Date(now.getTime() - T.sendingDomainWindowMs))).filter((d) => d !== current);
  const plan: [MonitorName, string][] = [["reply-rate", ""], ["domain-health", ""], ["sending-domain", current], ...others.map((d): [MonitorName, string] => ["sending-domain", d])];
  const ticks: Tick[] = [];
  for (const [monitor, scope] of plan) {
    const verdict = await judge(db, monitor, scope, now);
    const open = await repo.openIncident(db, monitor, scope);
    const action = monitorAction(verdict, open !== null);
    let incidentId = open?.id ?? null;
    if (action === "OPEN_INCIDENT") {
      const incident = await trip(db, monitor, scope, verdict, now);
      if (incident) {
        incidentId = incident.id;
        logger.warn({ monitor, scope, value: verdict.value }, "monitor tripped: sending paused");
      }
    }
    ticks.push({ monitor, scope, verdict, action, incidentId });
  }
  // Every open incident has its alert (idempotent: a crash between the pause and the alert is healed here).
  for (const i of await repo.listOpen(db)) await alertIncident(db, i, { ...deps, now });
  return ticks;
}

/**
 * An approver closes an incident: the pause it applied is lifted (PAUSE_ALL_SENDS only when no
 * other open incident still needs it and it was a monitor that set it), audited in the same transaction.
 */
export async function resolveIncident(db: Db, actor: Pick<Actor, "id" | "name">, incidentId: string, opts: { now?: Date; via?: string } = {}) {
  const now = opts.now ?? new Date();
  const found = await repo.findIncident(db, incidentId);
  if (!found) throw notFound("Incident");
  if (found.status !== "OPEN") throw preconditionFailed("This incident is already resolved.");
  await retryBusy(() => db.$transaction(async (tx) => {
    if (!(await repo.resolve(tx, incidentId, actor.name, now))) throw preconditionFailed("This incident is already resolved.");
    let lifted: string | null = null;
    if (found.monitor === "sending-domain") {
      const row = await tx.setting.findUnique({ where: { key: "pausedSendingDomains" }, select: { value: true } });
      const paused = row ? SETTINGS.pausedSendingDomains.schema.parse(JSON.parse(row.value)) : {};
      if (paused[found.scope]) {
        delete paused[found.scope];
        const value = JSON.stringify(paused);
        await tx.setting.update({ where: { key: "pausedSendingDomains" }, data: { value, updatedBy: actor.id } });
        lifted = `sending domain ${found.scope}`;
      }
    } else {
      const others = (await repo.listOpen(tx)).filter((i) => i.monitor !== "sending-domain");
      const row = await tx.setting.findUnique({ where: { key: "killSwitches" }, select: { value: true } });
      const switches = row ? SETTINGS.killSwitches.schema.parse(JSON.parse(row.value)) : structuredClone(SETTINGS.killSwitches.default);
      if (others.length === 0 && switches.PAUSE_ALL_SENDS.on && switches.PAUSE_ALL_SENDS.by?.startsWith("monitor:")) {
        switches.PAUSE_ALL_SENDS = { on: false, by: actor.name, at: now.toISOString() };
        await tx.setting.update({ where: { key: "killSwitches" }, data: { value: JSON.stringify(switches), updatedBy: actor.id } });
        lifted = "PAUSE_ALL_SENDS";
      }
    }
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "monitor.resolve", decision: "INFO", riskLevel: "HIGH",
      reason: `${found.monitor} incident resolved${lifted ? `; lifted ${lifted}` : ""}`,
      subjectType: "monitor", subjectId: incidentId, evidence: { monitor: found.monitor, scope: found.scope, lifted, via: opts.via ?? "alerts page" },
    }, now);
  }));
  return { id: incidentId, resolved: true };
}

/** Recent incidents (open first) and the paused sending domains, for the Alerts page. */
export async function incidentOverview(db: Db) {
  const rows = await repo.listRecent(db, 50);
  const paused = await db.setting.findUnique({ where: { key: "pausedSendingDomains" }, select: { value: true } });
  const domains = paused ? SETTINGS.pausedSendingDomains.schema.parse(JSON.parse(paused.value)) : {};
  return {
    incidents: rows.sort((a, b) => (a.status === b.status ? 0 : a.status === "OPEN" ? -1 : 1)).map((i) => ({
      id: i.id, monitor: i.monitor, scope: i.scope, status: i.status, value: i.value, reason: i.reason,
      openedAt: i.openedAt.toISOString(), resolvedAt: i.resolvedAt?.toISOString() ?? null, resolvedBy: i.resolvedBy,
    })),
    pausedDomains: Object.entries(domains).map(([domain, p]) => ({ domain, ...p })),
    sendingDomain: sendingDomain(),
  };
}

export const openIncidents = (db: Db) => repo.listOpen(db);
