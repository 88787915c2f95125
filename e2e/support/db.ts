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

/** A draft waiting for review, unique to the caller's tag (the worker and test). */
export async function createPendingDraft(tag: string): Promise<{ id: string; subject: string }> {
  const d = await e2eDb();
  const template = await d.template.findFirstOrThrow({
    select: { versions: { select: { id: true }, take: 1 }, variants: { select: { id: true }, take: 1 } },
  });
  const subject = `E2E draft ${tag}`;
  const visitor = await d.visitor.create({
    data: {
      identityKey: `e2e:${tag}:${Date.now()}`, email: `lead-${tag}@acme.example`, firstName: "Lee", lastName: "Tester",
      title: "VP of Sales", companyName: `Acme ${tag}`, companyDomain: "acme.example",
      firstSeenAt: new Date(), lastSeenAt: new Date(), visitCount: 1, score: 82, tier: "HOT",
    },
    select: { id: true },
  });
  const draft = await d.draft.create({
    data: {
      visitorId: visitor.id, templateVersionId: template.versions[0].id, subjectVariantId: template.variants[0].id,
      subject, body: "Hello Lee", score: 82, tier: "HOT", fingerprint: `fp-${tag}`, status: "PENDING_REVIEW", recommendation: "REVIEW",
    },
    select: { id: true, subject: true },
  });
  return draft;
}
