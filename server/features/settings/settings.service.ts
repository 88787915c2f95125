import { retryBusy } from "@/server/db/busy-retry";
import type { Db, DbOrTx, Tx } from "@/server/db/client";
import { env } from "@/server/env";
import { KILL_SWITCHES, type KillSwitch } from "@/server/domain/phases";
import { DomainError } from "@/server/domain/errors";
import { recordInTx } from "@/server/features/audit/audit.service";
import * as repo from "./settings.repository";
import { SETTINGS, type SettingKey, type SettingValue } from "./settings.schemas";

export class SettingCorruptError extends Error {
  override name = "SettingCorruptError";
}

/** Reads one setting, falling back to its default; a stored value that fails validation throws. */
export async function get<K extends SettingKey>(db: DbOrTx, key: K): Promise<SettingValue<K>> {
  const [row] = await repo.findMany(db, [key]);
  if (!row) return structuredClone(SETTINGS[key].default) as SettingValue<K>;
  const parsed = SETTINGS[key].schema.safeParse(JSON.parse(row.value));
  if (!parsed.success) throw new SettingCorruptError(`Setting "${key}" holds an invalid value; fix it in Settings.`);
  return parsed.data as SettingValue<K>;
}

/** Reads several settings with one query (hot paths such as the send claim). */
export async function getMany<K extends SettingKey>(db: DbOrTx, keys: readonly K[]): Promise<{ [P in K]: SettingValue<P> }> {
  return parseSettings(keys, await repo.findMany(db, [...keys]));
}

/**
 * Validates stored rows (key, JSON value) into settings, defaults for missing keys; a bad value
 * throws. `frozen`: values come from a cache by stored text and are deeply frozen (read-only hot
 * paths such as the send claim).
 */
export function parseSettings<K extends SettingKey>(keys: readonly K[], stored: { key: string; value: string }[], frozen = false): { [P in K]: SettingValue<P> } {
  const rows = new Map(stored.map((r) => [r.key, r.value]));
  const out = {} as { [P in K]: SettingValue<P> };
  for (const key of keys) {
    const raw = rows.get(key);
    if (raw === undefined) {
      out[key] = (frozen ? frozenDefault(key) : structuredClone(SETTINGS[key].default)) as SettingValue<K>;
      continue;
    }
    out[key] = (frozen ? parseCached(key, raw) : parseStored(key, raw)) as SettingValue<K>;
  }
  return out;
}

// Validated values by stored text: hot paths (the send claim) read the same rows thousands of times.
// Entries are frozen: nobody can change a cached value through a reference.
const parsedCache = new Map<string, { raw: string; value: unknown }>();

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function parseStored(key: SettingKey, raw: string): unknown {
  const parsed = SETTINGS[key].schema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new SettingCorruptError(`Setting "${key}" holds an invalid value; fix it in Settings.`);
  return parsed.data;
}

const frozenDefaults = new Map<SettingKey, unknown>();
function frozenDefault(key: SettingKey): unknown {
  if (!frozenDefaults.has(key)) frozenDefaults.set(key, deepFreeze(structuredClone(SETTINGS[key].default)));
  return frozenDefaults.get(key);
}

function parseCached(key: SettingKey, raw: string): unknown {
  const hit = parsedCache.get(key);
  if (hit && hit.raw === raw) return hit.value;
  const value = deepFreeze(parseStored(key, raw));
  parsedCache.set(key, { raw, value });
  return value;
}

/** Stored kill-switch state merged with the environment's forced switches. */
export function effectiveKillSwitches(stored: SettingValue<"killSwitches">): Record<KillSwitch, EffectiveKillSwitch> {
  const e = env();
  const out = {} as Record<KillSwitch, EffectiveKillSwitch>;
  for (const k of KILL_SWITCHES) {
    const forced = e[k] === true;
    out[k] = { on: forced || stored[k].on, forced, by: stored[k].by, at: stored[k].at };
  }
  return out;
}

export async function set<K extends SettingKey>(db: Db, key: K, value: SettingValue<K>, updatedBy: string | null) {
  const valid = SETTINGS[key].schema.parse(value);
  await repo.upsert(db, key, JSON.stringify(valid), updatedBy);
}

export interface EffectiveKillSwitch {
  on: boolean;
  /** On because an environment variable forces it (the UI cannot turn it off). */
  forced: boolean;
  by: string | null;
  at: string | null;
}

/** Kill switches as they apply now: stored state OR forced on by the environment. */
export async function killSwitches(db: DbOrTx): Promise<Record<KillSwitch, EffectiveKillSwitch>> {
  return effectiveKillSwitches(await get(db, "killSwitches"));
}

/** Turns a stored kill switch on or off (audited). A switch forced on by the environment stays on. */
export async function setKillSwitch(db: Db, actor: { id: string; name: string }, name: KillSwitch, on: boolean) {
  const now = new Date().toISOString();
  await retryBusy(() => db.$transaction(async (tx) => {
    // First statement a write: the write lock is taken (waiting in SQLite's busy handler) before the
    // read, so a sender committing meanwhile cannot turn the later upsert into SQLITE_BUSY_SNAPSHOT.
    await tx.setting.updateMany({ where: { key: "killSwitches" }, data: { updatedBy: actor.id } });
    const row = await tx.setting.findUnique({ where: { key: "killSwitches" }, select: { value: true } });
    const current = row ? SETTINGS.killSwitches.schema.parse(JSON.parse(row.value)) : structuredClone(SETTINGS.killSwitches.default);
    current[name] = { on, by: actor.name, at: now };
    const value = JSON.stringify(current);
    await tx.setting.upsert({ where: { key: "killSwitches" }, create: { key: "killSwitches", value, updatedBy: actor.id }, update: { value, updatedBy: actor.id } });
    await recordInTx(tx, {
      actorType: "USER", actorId: actor.id, action: "killSwitch.set", decision: "INFO", riskLevel: "HIGH",
      subjectType: "setting", subjectId: name, evidence: { on, forcedByEnv: env()[name] === true },
    });
    // A kill switch must get through while senders keep the database busy: wait for the write lock
    // as long as it takes (the hardening kill-switch race hit Prisma's default 5 s transaction limit).
  }, { maxWait: 30_000, timeout: 60_000 }));
  return killSwitches(db);
}

/**
 * A monitor turning a kill switch on (never off: only an approver resumes), inside the caller's
 * transaction so the pause and the incident that explains it commit together. Audited as SYSTEM.
 */
export async function setKillSwitchBySystemInTx(tx: Tx, name: KillSwitch, by: string, reason: string, now: Date) {
  const row = await tx.setting.findUnique({ where: { key: "killSwitches" }, select: { value: true } });
  const current = row ? SETTINGS.killSwitches.schema.parse(JSON.parse(row.value)) : structuredClone(SETTINGS.killSwitches.default);
  if (current[name].on) return false;
  current[name] = { on: true, by, at: now.toISOString() };
  const value = JSON.stringify(current);
  await tx.setting.upsert({ where: { key: "killSwitches" }, create: { key: "killSwitches", value, updatedBy: null }, update: { value, updatedBy: null } });
  await recordInTx(tx, {
    actorType: "SYSTEM", agent: "QUEEN", action: "killSwitch.set", decision: "INFO", riskLevel: "HIGH", reason,
    subjectType: "setting", subjectId: name, evidence: { on: true, by },
  }, now);
  return true;
}

/**
 * Settings edited on the Settings page through `update` / `updateMany` (phase, kill switches and
 * paused sending domains have their own audited paths: gates, a forced-by-env rule, and a
 * read-modify-write that must not undo a monitor's pause).
 */
export const EDITABLE_KEYS = [
  "phaseDailyLimits", "sendingWindow", "fullMediumDelaySeconds", "excludedDomains", "scoringWeights", "pageSignals", "warmConnections", "icp",
  "enrichmentBackfill", "emailSignature",
  "digestSchedule",
  "sendTimeOptimisation", "callPrepDryRun", "callPrepFields",
] as const satisfies readonly SettingKey[];
export type EditableKey = (typeof EDITABLE_KEYS)[number];

/** Changes that let the system act further on its own (turning call-prep dry run off writes to GHL). */
const HIGH_RISK: ReadonlySet<EditableKey> = new Set(["callPrepDryRun"]);

export async function editable(db: Db) {
  const rows = await repo.findMany(db, [...EDITABLE_KEYS]);
  const meta = new Map(rows.map((r) => [r.key, r]));
  const values = {} as { [K in EditableKey]: SettingValue<K> };
  for (const k of EDITABLE_KEYS) (values as Record<string, unknown>)[k] = await get(db, k);
  return {
    values,
    updated: Object.fromEntries(EDITABLE_KEYS.map((k) => [k, meta.get(k) ? { at: meta.get(k)!.updatedAt.toISOString(), by: meta.get(k)!.updatedBy } : null])),
  };
}

/** Validates and stores one setting, with its before/after in the audit trail (same transaction). */
export async function update(db: Db, actor: { id: string }, key: EditableKey, value: unknown) {
  const [stored] = await updateMany(db, actor, [{ key, value }]);
  return stored!.value;
}

/**
 * Validates every entry first and stores them all in one transaction, each with its before/after in
 * the audit trail: one invalid value (every problem named) and nothing is written.
 */
export async function updateMany(db: Db, actor: { id: string }, entries: { key: EditableKey; value: unknown }[]) {
  if (new Set(entries.map((e) => e.key)).size !== entries.length) throw new DomainError("VALIDATION", "Each setting may appear once per change.");
  const problems: string[] = [];
  const valid = entries.map(({ key, value }) => {
    const parsed = SETTINGS[key].schema.safeParse(value);
    if (!parsed.success) problems.push(`Invalid ${key}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "value"} ${i.message}`).join("; ")}`);
    return { key, value: parsed.data as unknown };
  });
  if (problems.length > 0) throw new DomainError("VALIDATION", problems.join(". "));
  const keys = valid.map((v) => v.key);
  await retryBusy(() => db.$transaction(async (tx) => {
    // First statement a write (takes SQLite's write lock), so the before values read next are current.
    await tx.setting.updateMany({ where: { key: { in: keys } }, data: { updatedBy: actor.id } });
    // Raw stored JSON: a value that no longer validates can still be replaced (and is audited as it was).
    const stored = new Map((await repo.findMany(tx, keys)).map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const before = Object.fromEntries(keys.map((k) => [k, stored.has(k) ? stored.get(k) : SETTINGS[k].default]));
    for (const { key, value } of valid) {
      const json = JSON.stringify(value);
      await tx.setting.upsert({ where: { key }, create: { key, value: json, updatedBy: actor.id }, update: { value: json, updatedBy: actor.id } });
      await recordInTx(tx, {
        actorType: "USER", actorId: actor.id, action: "setting.update", decision: "INFO", riskLevel: HIGH_RISK.has(key) ? "HIGH" : "MEDIUM", subjectType: "setting", subjectId: key,
        evidence: { before: before[key], after: value },
      });
    }
  }));
  return valid;
}
