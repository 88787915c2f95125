import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { satisfies, type Access, type Actor, type Role } from "@/server/domain/roles";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { appRouter, createCaller } from "./root";

/**
 * The declared minimum role of every procedure. A procedure missing here fails the test, so a new
 * procedure cannot ship without someone deciding who may call it.
 */
const EXPECTED: Record<string, Access> = {
  "alerts.incidents": "VIEWER",
  "alerts.list": "VIEWER",
  "alerts.resolveIncident": "APPROVER",
  "alerts.sendTest": "APPROVER",
  "approvals.pending": "VIEWER",
  "approvals.approve": "APPROVER",
  "approvals.reject": "APPROVER",
  "approvals.approveEdited": "APPROVER",
  "approvals.bulkApprove": "APPROVER",
  "approvals.detail": "VIEWER",
  "approvals.outbox": "VIEWER",
  "approvals.previewEdit": "APPROVER",
  "approvals.snooze": "APPROVER",
  "approvals.unsnooze": "APPROVER",
  "audit.exportCsv": "VIEWER",
  "audit.lastVerification": "VIEWER",
  "audit.list": "VIEWER",
  "audit.verify": "ADMIN",
  "callPrep.detail": "VIEWER",
  "callPrep.forDraft": "VIEWER",
  "callPrep.list": "VIEWER",
  "callPrep.setDryRun": "APPROVER",
  "callPrep.writeNow": "APPROVER",
  "digest.generateNow": "APPROVER",
  "digest.get": "VIEWER",
  "digest.inspectLink": "VIEWER",
  "digest.useLink": "APPROVER",
  "health.ping": "PUBLIC",
  "learning.overview": "VIEWER",
  "learning.reviewFlag": "APPROVER",
  "learning.decideIcp": "APPROVER",
  "learning.refresh": "APPROVER",
  "me.get": "VIEWER",
  "metrics.drillDown": "VIEWER",
  "metrics.recompute": "ADMIN",
  "metrics.scorecards": "VIEWER",
  "outcomes.forDraft": "VIEWER",
  "phases.advance": "APPROVER",
  "phases.moveDown": "APPROVER",
  "phases.overview": "VIEWER",
  "phases.tickManualItem": "APPROVER",
  "runs.list": "ADMIN",
  "runs.get": "ADMIN",
  "runs.cancel": "ADMIN",
  "runs.replay": "ADMIN",
  "pipeline.sendTestVisitor": "APPROVER",
  "pipeline.testVisitorProgress": "VIEWER",
  "privacy.eraseContact": "ADMIN",
  "quality.exportCsv": "VIEWER",
  "quality.rate": "APPROVER",
  "quality.sample": "VIEWER",
  "settings.editable": "VIEWER",
  "settings.integrations": "VIEWER",
  "settings.overview": "VIEWER",
  "settings.update": "APPROVER",
  "settings.updateMany": "APPROVER",
  "settings.pausedDomains": "VIEWER",
  "settings.pauseDomain": "APPROVER",
  "settings.resumeDomain": "APPROVER",
  "settings.setKillSwitch": "APPROVER",
  "templates.list": "VIEWER",
  "templates.preview": "VIEWER",
  "templates.saveVersion": "APPROVER",
  "users.list": "ADMIN",
  "users.update": "ADMIN",
};

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { access?: Access }; inputs: unknown[]; output?: unknown } }>;
const paths = Object.keys(procedures).sort();

let t: TestDb;
const users: Partial<Record<Role, Actor>> = {};

beforeAll(async () => {
  t = await createTestDb();
  for (const role of ["VIEWER", "APPROVER", "ADMIN"] as const) users[role] = await createUser(t.db, role);
});
afterAll(() => t.cleanup());

async function call(path: string, user: Actor | null): Promise<string> {
  const caller = createCaller({ db: t.db, user, requestId: "matrix" });
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn(undefined);
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `THREW ${(e as Error).message}`;
  }
}

describe("authorisation matrix", () => {
  it("declares every procedure of the root router, and nothing else", () => {
    expect(paths).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(paths)("%s declares the access the table expects, and zod input and output schemas", (path) => {
    const def = procedures[path]._def;
    expect(def.meta?.access).toBe(EXPECTED[path]);
    expect(def.inputs.length, "declare .input(z.void()) when it takes none").toBeGreaterThan(0);
    expect(def.output, "declare .output()").toBeDefined();
  });

  const roles: (Role | null)[] = [null, "VIEWER", "APPROVER", "ADMIN"];
  const cases = paths.flatMap((p) => roles.map((r) => [p, r] as const));
  it.each(cases)("%s as %s", async (path, role) => {
    const code = await call(path, role ? users[role]! : null);
    if (satisfies(role, EXPECTED[path])) {
      expect(["UNAUTHORIZED", "FORBIDDEN"]).not.toContain(code);
      expect(code).not.toMatch(/^THREW|INTERNAL_SERVER_ERROR/);
    } else {
      expect(code).toBe(role === null ? "UNAUTHORIZED" : "FORBIDDEN");
    }
  });
});
