import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { HUMAN_REPLY_CLASSES } from "@/server/features/metrics/metric-sources";

export const INCIDENT_SELECT = {
  id: true, monitor: true, scope: true, status: true, value: true, detail: true, reason: true, openedAt: true, resolvedAt: true, resolvedBy: true,
} as const;

export const openKeyOf = (monitor: string, scope: string) => `${monitor}:${scope}`;

export function openIncident(db: DbOrTx, monitor: string, scope: string) {
  return db.monitorIncident.findUnique({ where: { openKey: openKeyOf(monitor, scope) }, select: INCIDENT_SELECT });
}

export async function lastResolvedAt(db: Db, monitor: string, scope: string): Promise<Date | null> {
  const r = await db.monitorIncident.findFirst({
    where: { monitor, scope, status: "RESOLVED" }, orderBy: { resolvedAt: "desc" }, select: { resolvedAt: true },
  });
  return r?.resolvedAt ?? null;
}

/** Opens an incident unless one is open for this monitor and scope (unique open key): the new row, or null. */
export async function insertIncident(tx: Tx, i: { monitor: string; scope: string; value: number | null; detail: string; reason: string; now: Date }) {
  const existing = await tx.monitorIncident.findUnique({ where: { openKey: openKeyOf(i.monitor, i.scope) }, select: { id: true } });
  if (existing) return null;
  return tx.monitorIncident.create({
    data: { monitor: i.monitor, scope: i.scope, status: "OPEN", openKey: openKeyOf(i.monitor, i.scope), value: i.value, detail: i.detail, reason: i.reason, openedAt: i.now },
    select: INCIDENT_SELECT,
  });
}

/** OPEN -> RESOLVED (one conditional update): true when this call closed it. */
export async function resolve(tx: DbOrTx, id: string, by: string, at: Date): Promise<boolean> {
  const r = await tx.monitorIncident.updateMany({ where: { id, status: "OPEN" }, data: { status: "RESOLVED", openKey: null, resolvedAt: at, resolvedBy: by } });
  return r.count === 1;
}

export function listOpen(db: DbOrTx) {
  return db.monitorIncident.findMany({ where: { status: "OPEN" }, orderBy: { openedAt: "desc" }, select: INCIDENT_SELECT });
}

export function listRecent(db: Db, limit: number) {
  return db.monitorIncident.findMany({ orderBy: { openedAt: "desc" }, take: limit, select: INCIDENT_SELECT });
}

export function findIncident(db: DbOrTx, id: string) {
  return db.monitorIncident.findUnique({ where: { id }, select: INCIDENT_SELECT });
}

/**
 * One sending domain's sends and their bad outcomes in a window, for the sending-domain monitor. The
 * current domain also answers for what no domain is recorded for (sends claimed before the claim
 * recorded it, outcomes matched to no send), as it did when every send was taken to be its.
 */
export async function deliveryCounts(db: Db, from: Date, to: Date, scope: { domain: string; current: boolean }) {
  const r = { gte: from, lt: to };
  const sends = scope.current ? { OR: [{ senderDomain: scope.domain }, { senderDomain: null }] } : { senderDomain: scope.domain };
  const outcomes = scope.current ? { OR: [{ sendId: null }, { send: sends }] } : { send: sends };
  const [sent, bounces, complaints] = await Promise.all([
    db.send.count({ where: { status: "SENT", sentAt: r, ...sends } }),
    db.outcome.count({ where: { type: "BOUNCE", occurredAt: r, ...outcomes } }),
    db.outcome.count({ where: { type: "COMPLAINT", occurredAt: r, ...outcomes } }),
  ]);
  return { sent, bounces, complaints };
}

/** The sending domains recorded on sends since `since`. */
export async function senderDomainsSince(db: Db, since: Date): Promise<string[]> {
  const rows = await db.send.groupBy({ by: ["senderDomain"], where: { sentAt: { gte: since }, senderDomain: { not: null } }, orderBy: { senderDomain: "asc" } });
  return rows.map((r) => r.senderDomain!);
}

/** The sends that left in [from, to): how many, how many of them bounced, and how many a person answered. */
export async function replyCohort(db: Db, from: Date, to: Date): Promise<{ sent: number; bounces: number; replies: number }> {
  const cohort = { status: "SENT", sentAt: { gte: from, lt: to } } as const;
  const [sent, bounces, replies] = await Promise.all([
    db.send.count({ where: cohort }),
    db.send.count({ where: { ...cohort, outcomes: { some: { type: "BOUNCE" } } } }),
    db.send.count({ where: { ...cohort, outcomes: { some: { type: "REPLY", classification: { in: HUMAN_REPLY_CLASSES } } } } }),
  ]);
  return { sent, bounces, replies };
}
