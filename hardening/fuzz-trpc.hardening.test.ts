import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/server/domain/roles";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";
import { useGlobalDb } from "@/server/testing/global-db";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { appRouter, createCaller } from "@/server/trpc/root";
import { fingerprint, inputFor } from "./support/fuzz";

/**
 * Bad input, EVERY tRPC procedure: the root router is enumerated (as the authorisation matrix
 * does, so a new procedure is fuzzed without anyone adding it here) and each is called as an
 * admin — the role that reaches every service — with 150 generated inputs derived from its own
 * zod schema: right shape with wrong types, hostile strings (huge, unicode, injection-looking),
 * dropped and extra keys, real ids of rows that exist. For EVERY case: it either succeeds, or
 * fails with a 4xx tRPC code and a message (never INTERNAL_SERVER_ERROR, never a raw exception),
 * and a failed call leaves every table's row count unchanged.
 */
vi.mock("@/inngest/client", () => ({ inngest: { send: async () => ({ ids: ["x"] }) } }));

const PER_PROCEDURE = 150;
const CLIENT_CODES = new Set(["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "UNAUTHORIZED", "PRECONDITION_FAILED", "TOO_MANY_REQUESTS", "PAYLOAD_TOO_LARGE", "UNPROCESSABLE_CONTENT", "METHOD_NOT_SUPPORTED"]);
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[]; type: string } }>;
const paths = Object.keys(procedures).sort();

let t: TestDb;
let admin: Actor;
let pool: string[];
let cases = 0;
const outcomes: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  await ensureDefaultTemplates(t.db);
  admin = await createUser(t.db, "ADMIN");
  const other = await createUser(t.db, "VIEWER");
  const drafts = await seedDrafts(t.db, Array.from({ length: 8 }, (_, i) => ({ email: `trpc${i}@fuzz.test`, status: i % 2 ? "PENDING_REVIEW" : "APPROVED" })), "trpcfuzz");
  const ids = async (q: Promise<{ id: string }[]>) => (await q).map((r) => r.id);
  pool = [
    ...drafts, other.id, admin.id,
    ...(await ids(t.db.visitor.findMany({ select: { id: true }, take: 4 }))),
    ...(await ids(t.db.template.findMany({ select: { id: true }, take: 4 }))),
    ...(await t.db.template.findMany({ select: { key: true }, take: 4 })).map((r) => r.key),
    "PAUSE_ALL_SENDS", "parallel", "full", "email.send", "VIEWER", "ADMIN", "sendingWindow", "excludedDomains",
  ];
}, 60_000);
afterAll(async () => {
  console.log(`tRPC fuzz: ${cases} generated calls over ${paths.length} procedures; outcomes ${JSON.stringify(outcomes)}`);
  await t.cleanup();
});

async function call(path: string, input: unknown): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const caller = createCaller({ db: t.db, user: admin, requestId: "fuzz" });
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (input: unknown) => Promise<unknown>;
  try {
    await fn(input);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof TRPCError)) return { ok: false, code: `RAW ${(e as Error)?.name}`, message: String((e as Error)?.message) };
    return { ok: false, code: e.code, message: e.message };
  }
}

describe("every tRPC procedure under generated bad input", () => {
  it("enumerates the whole router", () => {
    expect(paths.length).toBeGreaterThan(30);
  });

  it.each(paths)("%s", async (path) => {
    const def = procedures[path]._def;
    let failures = 0;
    await fc.assert(fc.asyncProperty(inputFor(def.inputs[0], pool), async (input) => {
      cases++;
      // A fuzzed users.update may have demoted or disabled the caller: restore it (no row count changes).
      await t.db.user.update({ where: { id: admin.id }, data: { role: "ADMIN", disabled: false } });
      const before = await fingerprint(t.db);
      const r = await call(path, input);
      const outcome = r.ok ? "OK" : r.code;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (r.ok) return;
      failures++;
      const shown = JSON.stringify(input)?.slice(0, 300);
      expect(CLIENT_CODES.has(r.code), `${path} answered ${r.code} (${r.message.slice(0, 200)}) to ${shown}`).toBe(true);
      expect(r.message.trim().length, `${path}: empty message`).toBeGreaterThan(0);
      expect(await fingerprint(t.db), `${path}: a refused call changed rows, input ${shown}`).toEqual(before);
    }), { numRuns: PER_PROCEDURE });
    // Not vacuous: generated inputs are refused (procedures without input excepted).
    const takesInput = !["void", "undefined"].includes((def.inputs[0] as { _zod?: { def?: { type?: string } } })?._zod?.def?.type ?? "");
    if (takesInput) expect(failures).toBeGreaterThan(0);
  }, 300_000);
});
