import { retryBusy } from "@/server/db/busy-retry";
import type { Db } from "@/server/db/client";
import { conflict, preconditionFailed } from "@/server/domain/errors";
import { checkTransition, gateCriteria, GATE_MANUAL_ITEMS, type Criterion, type ManualItems } from "@/server/domain/gates";
import { phaseIndex, type Phase } from "@/server/domain/phases";
import type { Actor } from "@/server/domain/roles";
import { recordInTx } from "@/server/features/audit/audit.service";
import * as settings from "@/server/features/settings/settings.service";
import { gateSnapshot, nextPhase, phaseHistory } from "./gate-snapshot";

async function manualItems(db: Db, gate: string) {
  const rows = await db.gateManualItem.findMany({ where: { gate }, select: { item: true, checked: true, checkedBy: true, comment: true, updatedAt: true } });
  return new Map(rows.map((r) => [r.item, r]));
}

/** The gate into `to`, evaluated now, with who ticked each manual item. */
async function evaluate(db: Db, current: Phase, to: Exclude<Phase, "parallel">, now: Date) {
  const history = await phaseHistory(db, current, now);
  const snapshot = await gateSnapshot(db, history, now);
  const items = await manualItems(db, to);
  const ticked: ManualItems = Object.fromEntries([...items].map(([k, v]) => [k, v.checked]));
  const criteria = gateCriteria(to, snapshot, ticked).map((c) => {
    const m = items.get(c.key);
    return c.kind === "manual" && m ? { ...c, checkedBy: m.checkedBy, comment: m.comment, updatedAt: m.updatedAt.toISOString() } : c;
  });
  return { history, criteria };
}

export async function overview(db: Db, now = new Date()) {
  const phase = await settings.get(db, "phase");
  const next = nextPhase(phase);
  const { history, criteria } = next ? await evaluate(db, phase, next, now) : { history: await phaseHistory(db, phase, now), criteria: [] as Criterion[] };
  const verdict = next ? checkTransition(phase, next, criteria, true) : { allowed: false as const, reason: "Already at full autonomy." };
  const transitions = await db.phaseTransition.findMany({
    orderBy: { createdAt: "desc" }, take: 20,
    select: { fromPhase: true, toPhase: true, direction: true, signedOffBy: true, comment: true, createdAt: true },
  });
  return {
    phase, since: history.since.toISOString(), next, criteria,
    canAdvance: verdict.allowed, blockedReason: verdict.allowed ? null : verdict.reason,
    history: transitions.map((t) => ({ from: t.fromPhase, to: t.toPhase, direction: t.direction, by: t.signedOffBy, comment: t.comment, at: t.createdAt.toISOString() })),
  };
}

export async function tickManualItem(db: Db, actor: Actor, input: { gate: Exclude<Phase, "parallel">; item: string; checked: boolean; comment: string }) {
  if (!GATE_MANUAL_ITEMS[input.gate].some((m) => m.key === input.item)) throw preconditionFailed(`"${input.item}" is not a manual item of the ${input.gate} gate.`);
  await retryBusy(() => db.$transaction(async (tx) => {
    await tx.gateManualItem.upsert({
      where: { gate_item: { gate: input.gate, item: input.item } },
      create: { gate: input.gate, item: input.item, checked: input.checked, checkedBy: actor.name, comment: input.comment },
      update: { checked: input.checked, checkedBy: actor.name, comment: input.comment },
    });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "gate.manualItem", decision: "INFO", subjectType: "gate", subjectId: `${input.gate}:${input.item}`,
      evidence: { checked: input.checked, comment: input.comment },
    });
  }));
}

/**
 * Changes the phase. Up: one step, every criterion re-checked on the server at this moment, and
 * the sign-off recorded. Down: always allowed and immediate. The phase row is updated only if it
 * still holds the phase the caller saw, so two people acting at once cannot skip a step.
 */
export async function transition(db: Db, actor: Actor, want: "UP" | "DOWN", to: Phase, comment: string, now = new Date()) {
  const from = await settings.get(db, "phase");
  const up = phaseIndex(to) > phaseIndex(from);
  if ((want === "UP") !== up) throw preconditionFailed(want === "UP" ? `${to} is not above ${from}.` : `${to} is not below ${from}.`);
  const criteria = up && to !== "parallel" ? (await evaluate(db, from, to, now)).criteria : [];
  const verdict = checkTransition(from, to, criteria, up ? comment.trim().length > 0 : false);
  if (!verdict.allowed) throw preconditionFailed(verdict.reason);
  await retryBusy(() => db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: "phase" }, create: { key: "phase", value: JSON.stringify(from), updatedBy: actor.id }, update: {} });
    const moved = await tx.setting.updateMany({ where: { key: "phase", value: JSON.stringify(from) }, data: { value: JSON.stringify(to), updatedBy: actor.id } });
    if (moved.count !== 1) throw conflict("The phase changed while you were looking: reload and try again.");
    await tx.phaseTransition.create({
      data: { fromPhase: from, toPhase: to, direction: verdict.direction, signedOffBy: actor.name, comment, criteria: JSON.stringify(criteria) },
    });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: verdict.direction === "UP" ? "phase.advance" : "phase.moveDown", decision: "INFO",
      riskLevel: verdict.direction === "UP" ? "CRITICAL" : "HIGH", subjectType: "phase", subjectId: to,
      evidence: { from, to, comment, criteria: criteria.map((c) => ({ key: c.key, value: c.value, pass: c.pass })) },
    });
  }, { timeout: 15_000 }));
  return { from, to };
}
