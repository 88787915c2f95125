import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { DomainError } from "@/server/domain/errors";
import { recordInTx } from "@/server/features/audit/audit.service";
import { SETTINGS, sendingDomainSchema } from "./settings.schemas";

export interface PausedDomain {
  domain: string;
  reason: string;
  at: string;
  by: string;
}

/** Paused sending domains, newest first. */
export async function pausedDomains(db: Db): Promise<PausedDomain[]> {
  const row = await db.setting.findUnique({ where: { key: "pausedSendingDomains" }, select: { value: true } });
  const map = row ? SETTINGS.pausedSendingDomains.schema.parse(JSON.parse(row.value)) : {};
  return Object.entries(map).map(([domain, p]) => ({ domain, ...p })).sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * An approver pauses or resumes one sending domain from Settings. Read-modify-write of the one
 * stored map inside a write transaction (first statement a write), so a pause the sending-domain
 * monitor adds meanwhile is never lost; audited in the same transaction. Resuming a domain with an
 * open monitor incident lets the monitor close that incident on its next tick ("resumed in Settings").
 */
export async function setDomainPause(
  db: Db, actor: { id: string; name: string }, input: { domain: string; paused: boolean; reason?: string }, now = new Date(),
): Promise<{ changed: boolean; domains: PausedDomain[] }> {
  const parsed = sendingDomainSchema.safeParse(input.domain);
  if (!parsed.success) throw new DomainError("VALIDATION", `Invalid sending domain "${input.domain.slice(0, 80)}": ${parsed.error.issues[0]?.message ?? "invalid"}`);
  const domain = parsed.data;
  const reason = input.reason?.trim() || `paused by ${actor.name} in Settings`;
  if (reason.length > 300) throw new DomainError("VALIDATION", "The reason is too long (300 characters at most).");
  const changed = await retryBusy(() => db.$transaction(async (tx) => {
    await tx.setting.updateMany({ where: { key: "pausedSendingDomains" }, data: { updatedBy: actor.id } });
    const row = await tx.setting.findUnique({ where: { key: "pausedSendingDomains" }, select: { value: true } });
    const map = row ? SETTINGS.pausedSendingDomains.schema.parse(JSON.parse(row.value)) : {};
    const before = map[domain] ?? null;
    if (input.paused === (before !== null)) return false;
    if (input.paused) map[domain] = { reason, at: now.toISOString(), by: actor.name };
    else delete map[domain];
    const value = JSON.stringify(map);
    await tx.setting.upsert({ where: { key: "pausedSendingDomains" }, create: { key: "pausedSendingDomains", value, updatedBy: actor.id }, update: { value, updatedBy: actor.id } });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: input.paused ? "sendingDomain.pause" : "sendingDomain.resume", decision: "INFO", riskLevel: "HIGH",
      reason: input.paused ? reason : `resumed in Settings (was: ${before?.reason ?? "?"})`, subjectType: "setting", subjectId: "pausedSendingDomains",
      evidence: { domain, before, after: map[domain] ?? null },
    }, now);
    return true;
  }));
  return { changed, domains: await pausedDomains(db) };
}
