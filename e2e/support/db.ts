import { createDb, prepareDb, type Db } from "@/server/db/client";
import { hashPassword } from "@/server/auth/passwords";
import type { Role } from "@/server/domain/roles";
import { E2E_DATABASE_URL } from "../../playwright.config";

let db: Db | undefined;

/** The E2E database, and only if it is a local file: fixtures never touch anything else. */
export async function e2eDb(): Promise<Db> {
  if (!/^file:(\.\/)?data\//.test(E2E_DATABASE_URL)) throw new Error(`Refusing to seed a non-local database: ${E2E_DATABASE_URL}`);
  if (!db) {
    db = createDb(E2E_DATABASE_URL);
    await prepareDb(db);
  }
  return db;
}

export interface E2EUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

/** A user unique to this worker and role, created through the database (idempotent). */
export async function ensureUser(role: Role, workerIndex: number): Promise<E2EUser> {
  const d = await e2eDb();
  const user = {
    email: `${role.toLowerCase()}-w${workerIndex}@e2e.local`,
    password: `pw-${role.toLowerCase()}-${workerIndex}-e2e`,
    name: `${role[0]}${role.slice(1).toLowerCase()} W${workerIndex}`,
    role,
  };
  await d.user.upsert({
    where: { email: user.email },
    create: { email: user.email, name: user.name, role, passwordHash: await hashPassword(user.password) },
    update: { role, disabled: false },
  });
  return user;
}

export interface PendingDraftOptions {
  tier?: "HOT" | "MEDIUM" | "LOW";
  score?: number;
  warm?: boolean;
  subject?: string;
  recommendation?: string;
}

/** A body that passes every quality check (50–300 words, no banned opener, no spam phrase). */
export const SENDABLE_BODY = [
  "Hi Lee,",
  "",
  "Thanks for looking at our pricing page this week. Teams like yours usually come to us when reps lose hours every day sorting website visitors by hand.",
  "",
  "We score each visit, enrich it, and draft a short note that a person approves before anything is sent, so your team only talks to people who are actually looking.",
  "",
  "Would a short call on Thursday be useful?",
].join("\n");

/**
 * A sendable draft waiting for review, unique to the caller's tag (the worker and test): its own
 * recipient domain (the per-domain hourly limit never couples tests), an example.* address.
 */
export async function createPendingDraft(tag: string, opts: PendingDraftOptions = {}): Promise<{ id: string; subject: string; email: string }> {
  const d = await e2eDb();
  const template = await d.template.findFirstOrThrow({
    select: { versions: { select: { id: true }, take: 1 }, variants: { select: { id: true }, take: 1 } },
  });
  const slug = tag.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40);
  const score = opts.score ?? (opts.tier === "LOW" ? 20 : opts.tier === "MEDIUM" ? 55 : 82);
  const tier = opts.tier ?? (score >= 70 ? "HOT" : score >= 40 ? "MEDIUM" : "LOW");
  const subject = opts.subject ?? `E2E draft ${tag}`;
  const email = `lee@${slug}-${Date.now().toString(36)}.example`;
  const visitor = await d.visitor.create({
    data: {
      identityKey: `e2e:${tag}:${Date.now()}:${Math.random()}`, email, firstName: "Lee", lastName: "Tester",
      title: "VP of Sales", companyName: `Acme ${tag}`, companyDomain: email.split("@")[1], industry: "Computer Software",
      firstSeenAt: new Date(), lastSeenAt: new Date(), visitCount: 1, score, tier, warm: opts.warm ?? false,
      scoreBreakdown: JSON.stringify([{ signal: "seniority", points: 30, detail: "VP" }, { signal: "page:pricing", points: 25, detail: "Pricing page" }]),
    },
    select: { id: true },
  });
  const verifiedAt = new Date().toISOString();
  const draft = await d.draft.create({
    data: {
      visitorId: visitor.id, templateVersionId: template.versions[0].id, subjectVariantId: template.variants[0].id,
      subject, body: SENDABLE_BODY, score, tier, warm: opts.warm ?? false, fingerprint: `fp-${tag}-${Date.now()}`, status: "PENDING_REVIEW",
      recommendation: opts.recommendation ?? "REVIEW", recommendationReason: tier === "HOT" ? "HOT leads are always reviewed" : "parallel phase: every draft is reviewed",
      scoreBreakdown: JSON.stringify([{ signal: "seniority", points: 30, detail: "VP" }, { signal: "page:pricing", points: 25, detail: "Pricing page" }]),
      evidence: JSON.stringify([
        { field: "firstName", value: "Lee", source: "rb2b", dataId: visitor.id, verifiedAt },
        { field: "companyName", value: `Acme ${tag}`, source: "clay", dataId: visitor.id, verifiedAt },
      ]),
      qualityChecks: JSON.stringify([{ check: "word_count", ok: true, detail: "60 words" }]),
    },
    select: { id: true, subject: true },
  });
  return { ...draft, email };
}

/**
 * The E2E clock is the wall clock, which may be outside business hours: open the sending window
 * to every hour and day for the E2E database (the rule itself is unchanged and unit-tested).
 */
export async function openSendingWindow(): Promise<void> {
  const d = await e2eDb();
  const value = JSON.stringify({ timeZone: "UTC", startHour: 0, endHour: 24, days: [1, 2, 3, 4, 5, 6, 7] });
  await d.setting.upsert({ where: { key: "sendingWindow" }, create: { key: "sendingWindow", value, updatedBy: "e2e" }, update: { value } });
}

export async function draftState(id: string) {
  const d = await e2eDb();
  return d.draft.findUniqueOrThrow({ where: { id }, select: { status: true, send: { select: { status: true, mode: true } } } });
}
