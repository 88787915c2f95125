import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { useGlobalDb } from "@/server/testing/global-db";
import { rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { intake } from "@/server/features/visitors/visitors.service";
import { recordFailure } from "@/server/features/breakers/breakers.service";
import { health, queueStatus } from "./status.service";

vi.mock("next-auth", () => ({ getServerSession: async () => null }));
process.env.STATUS_TOKEN = "status-token-for-tests";
const { GET: queueGET } = await import("@/app/api/queue-status/route");
const { GET: healthGET } = await import("@/app/api/health/route");

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
});
afterAll(() => t.cleanup());

describe("status", () => {
  it("GET /api/health: ok, no business data; degraded when a breaker is open or the executor is unreachable", async () => {
    const res = await healthGET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, status: "ok", database: "ok", executor: "not_configured", breakers: { clay: "ok", ghl: "ok" } });
    expect(JSON.stringify(body)).not.toMatch(/visitor|draft/i);
    const down = await health(t.db, { executorUrl: "http://127.0.0.1:1/health" });
    expect(down).toMatchObject({ status: "degraded", executor: "unreachable" });
  });

  it("GET /api/queue-status requires the bearer token (constant-time) or a session", async () => {
    const call = (auth?: string) => queueGET(new Request("http://localhost/api/queue-status", { headers: auth ? { authorization: auth } : {} }));
    expect((await call()).status).toBe(401);
    expect((await call("Bearer wrong")).status).toBe(401);
    expect((await call("Bearer status-token-for-tests")).status).toBe(200);
  });

  it("reports pending drafts by tier, today's visitors/drafts, enrichment rate, breakers and last intake", async () => {
    const p = rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/status-1/" });
    await intake(t.db, p, JSON.stringify(p), { emit: async () => undefined });
    await t.db.visitor.updateMany({ data: { enrichmentStatus: "COMPLETE" } });
    for (let i = 0; i < 3; i++) await recordFailure(t.db, "clay", new Date(), "down");
    const q = await queueStatus(t.db);
    expect(q).toMatchObject({ visitorsToday: 1, draftsToday: 0, enrichmentRateToday: 1, pendingDraftsByTier: { HOT: 0, MEDIUM: 0, LOW: 0 } });
    expect(q.breakers.clay.state).toBe("OPEN");
    expect(q.lastIntakeAt).not.toBeNull();
    expect(q.sending).toMatchObject({
      phase: "parallel", mode: "SANDBOX", sent: { today: 0, limits: { phaseDaily: 25, daily: 150, hourly: 20, monthly: 3000, perDomainHourly: 5 } },
      autoApproved: { today: 0, cap: 0 }, killSwitches: { PAUSE_ALL_SENDS: { on: false } }, ghlBreaker: { state: "CLOSED" }, sends: { needsReview: 0 },
    });
    expect((await (await healthGET()).json()).status).toBe("degraded");
  });
});
