import type { Db } from "@/server/db/client";

export const ALERT_SELECT = {
  id: true, kind: true, severity: true, title: true, text: true, link: true, buttons: true, dedupeKey: true, subjectType: true, subjectId: true,
  status: true, attempts: true, nextAttemptAt: true, lastError: true, createdAt: true, deliveredAt: true,
} as const;

export interface NewAlert {
  kind: string;
  severity: string;
  title: string;
  text: string;
  link: string;
  buttons: string;
  dedupeKey: string;
  subjectType: string | null;
  subjectId: string | null;
  status: "QUEUED" | "SANDBOX";
  now: Date;
}

const isUnique = (e: unknown) => {
  const err = e as { code?: string; message?: string };
  return err?.code === "P2002" || /unique constraint/i.test(err?.message ?? "");
};

/** Inserts unless an alert with this dedupe key exists; the new row's id, or null for a duplicate. */
export async function insertOnce(db: Db, a: NewAlert): Promise<string | null> {
  try {
    const row = await db.alert.create({
      data: {
        kind: a.kind, severity: a.severity, title: a.title, text: a.text, link: a.link, buttons: a.buttons, dedupeKey: a.dedupeKey,
        subjectType: a.subjectType, subjectId: a.subjectId, status: a.status, nextAttemptAt: a.now, createdAt: a.now,
        deliveredAt: a.status === "SANDBOX" ? a.now : null,
      },
      select: { id: true },
    });
    return row.id;
  } catch (e) {
    if (isUnique(e)) return null;
    throw e;
  }
}

export function nextDue(db: Db, now: Date) {
  return db.alert.findFirst({ where: { status: "QUEUED", nextAttemptAt: { lte: now } }, orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }, { id: "asc" }], select: ALERT_SELECT });
}

export function earliestQueued(db: Db) {
  return db.alert.findFirst({ where: { status: "QUEUED" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
}

/** Leases a due alert (moves its next attempt out), so two deliverers never post it at once. */
export async function lease(db: Db, id: string, seenAttempts: number, until: Date): Promise<boolean> {
  const r = await db.alert.updateMany({ where: { id, status: "QUEUED", attempts: seenAttempts }, data: { attempts: { increment: 1 }, nextAttemptAt: until } });
  return r.count === 1;
}

export function settle(db: Db, id: string, data: { status: string; deliveredAt?: Date | null; nextAttemptAt?: Date; lastError?: string | null; attempts?: number }) {
  return db.alert.update({ where: { id }, data, select: { id: true } });
}

export async function pacerNextAt(db: Db, channel: string): Promise<Date | null> {
  const row = await db.alertPacer.findUnique({ where: { id: channel }, select: { nextAt: true } });
  return row?.nextAt ?? null;
}

/**
 * Takes the channel's next slot if it is free at `now`: one conditional write, so two processes
 * cannot both take it. True when taken; the slot after it starts at `next`.
 */
export async function takeSlot(db: Db, channel: string, now: Date, next: Date): Promise<boolean> {
  await db.alertPacer.upsert({ where: { id: channel }, create: { id: channel, nextAt: new Date(0) }, update: {} });
  const r = await db.alertPacer.updateMany({ where: { id: channel, nextAt: { lte: now } }, data: { nextAt: next } });
  return r.count === 1;
}

/** Pushes the channel's next slot out (Slack's Retry-After), never pulling it in. */
export async function blockUntil(db: Db, channel: string, until: Date): Promise<void> {
  await db.alertPacer.upsert({ where: { id: channel }, create: { id: channel, nextAt: until }, update: {} });
  await db.alertPacer.updateMany({ where: { id: channel, nextAt: { lt: until } }, data: { nextAt: until } });
}

export function markDraftAlerted(db: Db, draftId: string, at: Date) {
  return db.draft.updateMany({ where: { id: draftId }, data: { escalatedAt: at } });
}

export function list(db: Db, opts: { cursor?: string | null; limit: number; kind?: string }) {
  return db.alert.findMany({
    where: opts.kind ? { kind: opts.kind } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: ALERT_SELECT,
  });
}

export function countByStatus(db: Db) {
  return db.alert.groupBy({ by: ["status"], _count: { _all: true } });
}
