import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { useGlobalDb } from "@/server/testing/global-db";
import { fakeClay, serveRoute, type TestServer } from "@/server/testing/http-servers";
import { createClayClient } from "@/server/integrations/clay/clay.client";
import { createSandboxClay } from "@/server/integrations/clay/clay.sandbox";
import { acquire } from "@/server/features/breakers/breakers.service";
import { requestEnrichment, settle, callbackHealth } from "./enrichment.service";
import { recentRuns, startRun, finishRun } from "./backfill.service";

const events: { name: string; data: Record<string, unknown> }[] = [];
vi.mock("@/inngest/client", () => ({ inngest: { send: async (e: { name: string; data: Record<string, unknown> }) => { events.push(e); return { ids: [] }; } } }));
process.env.CLAY_CALLBACK_SECRET = "cb-secret-for-tests";
const { POST: callbackPOST } = await import("@/app/api/webhooks/clay/route");

let t: TestDb;
let clay: Awaited<ReturnType<typeof fakeClay>>;
let app: TestServer;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  clay = await fakeClay();
  app = await serveRoute(callbackPOST);
});
afterAll(async () => {
  await clay.close();
  await app.close();
  await t.cleanup();
});

let n = 0;
async function visitor(patch: Record<string, unknown> = {}) {
  n++;
  return t.db.visitor.create({
    data: { identityKey: `li:test-${n}`, firstName: "Sam", lastName: "Lee", companyName: "Lee Co", companyDomain: "lee.example", firstSeenAt: new Date(), lastSeenAt: new Date(), visitCount: 1, ...patch },
    select: { id: true },
  });
}
const callback = (body: unknown, secret = "cb-secret-for-tests") =>
  callbackPOST(new Request("http://localhost/api/webhooks/clay", { method: "POST", headers: { "content-type": "application/json", "x-clay-callback-secret": secret }, body: JSON.stringify(body) }));

describe("enrichment", () => {
  it("push -> callback through the route -> settle COMPLETED; visitor complete; event emitted", async () => {
    clay.setMode("ok");
    const v = await visitor();
    const client = createClayClient({ webhookUrl: clay.url });
    const out = await requestEnrichment(t.db, v.id, { clay: client, callbackUrl: `${app.url}/api/webhooks/clay` });
    expect(out.status).toBe("SENT");
    const requestId = (out as { requestId: string }).requestId;
    expect(clay.received.at(-1)!.body).toMatchObject({ requestId, companyDomain: "lee.example" });

    expect((await callback({ requestId }, "wrong")).status).toBe(401);
    expect((await callback({ requestId: "nope" })).status).toBe(404);
    expect((await callback({ requestId, data: { email: "bad" } })).status).toBe(400);
    const res = await callback({ requestId, status: "ok", data: { email: "Sam@Lee.example", industry: "Computer Software", employeeCount: "51-200" } });
    expect(res.status).toBe(200);
    expect(events.at(-1)).toMatchObject({ name: "clay/enrichment.received", data: { requestId, visitorId: v.id, ok: true } });
    // a repeated callback changes nothing
    expect(await (await callback({ requestId, data: { industry: "Other" } })).json()).toEqual({ ok: true, duplicate: true });

    expect(await settle(t.db, requestId)).toBe("COMPLETED");
    const stored = await t.db.visitor.findUniqueOrThrow({ where: { id: v.id } });
    expect(stored).toMatchObject({ enrichmentStatus: "COMPLETE", needsBackfill: false, email: "sam@lee.example" });
    const req = await t.db.enrichmentRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(JSON.parse(req.result!)).toMatchObject({ industry: "Computer Software" });
  });

  it("no callback within the wait: TIMED_OUT, visitor partial and marked for backfill; a late callback still completes it", async () => {
    clay.setMode("ok");
    const v = await visitor();
    const out = await requestEnrichment(t.db, v.id, { clay: createClayClient({ webhookUrl: clay.url }), callbackUrl: "https://x/cb" });
    const requestId = (out as { requestId: string }).requestId;
    expect(await settle(t.db, requestId)).toBe("TIMED_OUT");
    expect(await t.db.visitor.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({ enrichmentStatus: "PARTIAL", needsBackfill: true });
    expect((await callback({ requestId, data: { industry: "Software" } })).status).toBe(200);
    expect(await t.db.visitor.findUniqueOrThrow({ where: { id: v.id } })).toMatchObject({ enrichmentStatus: "COMPLETE", needsBackfill: false });
  });

  it("Clay down: failures open the breaker after 3, then no Clay calls are made while open", async () => {
    const fresh = await createTestDb();
    try {
      clay.setMode("500");
      const client = createClayClient({ webhookUrl: clay.url });
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const v = await fresh.db.visitor.create({ data: { identityKey: `down-${i}`, firstSeenAt: new Date(), lastSeenAt: new Date() }, select: { id: true } });
        ids.push(v.id);
        expect((await requestEnrichment(fresh.db, v.id, { clay: client, callbackUrl: "https://x/cb" })).status).toBe("FAILED");
      }
      const hits = clay.received.length;
      const v4 = await fresh.db.visitor.create({ data: { identityKey: "down-4", firstSeenAt: new Date(), lastSeenAt: new Date() }, select: { id: true } });
      const blocked = await requestEnrichment(fresh.db, v4.id, { clay: client, callbackUrl: "https://x/cb" });
      expect(blocked.status).toBe("BLOCKED");
      expect(clay.received.length).toBe(hits); // no call while open
      expect(await fresh.db.visitor.count({ where: { needsBackfill: true, enrichmentStatus: "PARTIAL" } })).toBe(4);
      expect((await acquire(fresh.db, "clay", new Date())).state).toBe("OPEN");
      // half-open after 2 minutes: Clay is back, the trial succeeds and closes the breaker
      clay.setMode("ok");
      const later = new Date(Date.now() + 121_000);
      const trial = await requestEnrichment(fresh.db, v4.id, { clay: client, callbackUrl: "https://x/cb", now: later });
      expect(trial.status).toBe("SENT");
      await fresh.db.enrichmentRequest.update({ where: { id: (trial as { requestId: string }).requestId }, data: { status: "COMPLETED", result: "{}" } });
      expect(await settle(fresh.db, (trial as { requestId: string }).requestId, later)).toBe("COMPLETED");
      expect((await acquire(fresh.db, "clay", later)).state).toBe("CLOSED");
      expect(await callbackHealth(fresh.db, later)).toMatchObject({ failed: 3, skipped: 1, completed: 1 });
    } finally {
      await fresh.cleanup();
    }
  });

  it("sandbox Clay answers through the real callback route over loopback", async () => {
    const v = await visitor({ email: null });
    const sandbox = createSandboxClay({ secret: "cb-secret-for-tests", delayMs: 10, failureRate: 0 });
    const out = await requestEnrichment(t.db, v.id, { clay: sandbox, callbackUrl: `${app.url}/api/webhooks/clay` });
    const requestId = (out as { requestId: string }).requestId;
    for (let i = 0; i < 200; i++) {
      const r = await t.db.enrichmentRequest.findUniqueOrThrow({ where: { id: requestId } });
      if (r.status !== "PENDING") break;
      await new Promise((res) => setTimeout(res, 25));
    }
    expect(await settle(t.db, requestId)).toBe("COMPLETED");
    const stored = await t.db.visitor.findUniqueOrThrow({ where: { id: v.id } });
    expect(stored.email).toBe("sam.lee@lee.example");
  });

  it("backfill runs record progress", async () => {
    clay.setMode("ok");
    await visitor({ needsBackfill: true, enrichmentStatus: "PARTIAL" });
    await visitor({ needsBackfill: true, enrichmentStatus: "PARTIAL" });
    await visitor({ needsBackfill: true, enrichmentStatus: "PARTIAL", enrichmentAttempts: 5 }); // used up: given up on
    const run = await startRun(t.db, { trigger: "manual" });
    expect(run.givenUp).toBe(1);
    expect(run.runId).not.toBeNull();
    expect(run.visitorIds).toHaveLength(2);
    const client = createClayClient({ webhookUrl: clay.url });
    for (const id of run.visitorIds) {
      const out = await requestEnrichment(t.db, id, { clay: client, callbackUrl: "https://x/cb", backfillRunId: run.runId });
      const requestId = (out as { requestId: string }).requestId;
      await callback({ requestId, data: { industry: "Software" } });
      await settle(t.db, requestId);
    }
    await finishRun(t.db, run.runId!, "COMPLETED", null);
    const { runs, waiting } = await recentRuns(t.db);
    expect(runs[0]).toMatchObject({ status: "COMPLETED", total: run.visitorIds.length, processed: run.visitorIds.length, succeeded: run.visitorIds.length, failed: 0 });
    expect(waiting).toBe(0);
  });
});
