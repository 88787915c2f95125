// The visitor -> draft path through the same services the Inngest steps call, in the order
// process-visitor.ts calls them (the executor E2E will drive the real functions).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { useGlobalDb } from "@/server/testing/global-db";
import { fakeClay, serveRoute, type TestServer } from "@/server/testing/http-servers";
import { rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { createClayClient } from "@/server/integrations/clay/clay.client";
import { intake } from "@/server/features/visitors/visitors.service";
import { scoreVisitor } from "@/server/features/visitors/scoring.service";
import { requestEnrichment, settle } from "@/server/features/enrichment/enrichment.service";
import { startRun, finishRun, recentRuns } from "@/server/features/enrichment/backfill.service";
import { draftForVisitor } from "@/server/features/drafting/drafting.service";
import { ensureDefaultTemplates } from "@/server/features/templates/default-templates";

vi.mock("@/inngest/client", () => ({ inngest: { send: async () => ({ ids: [] }) } }));
process.env.CLAY_CALLBACK_SECRET = "pipeline-secret";
const { POST } = await import("@/app/api/webhooks/clay/route");

let t: TestDb;
let clay: Awaited<ReturnType<typeof fakeClay>>;
let app: TestServer;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
  await ensureDefaultTemplates(t.db);
  clay = await fakeClay("500");
  app = await serveRoute(POST);
});
afterAll(async () => {
  await clay.close();
  await app.close();
  await t.cleanup();
});

describe("visitor -> draft with Clay down, then backfill", () => {
  it("drafts from partial data, marks for backfill, and the backfill completes the visitor", async () => {
    const payload = rb2bPerson({ Title: "Chief Executive Officer", "Captured URL": "https://caio-swarm.example/pricing" });
    const r = await intake(t.db, payload, JSON.stringify(payload), { emit: async () => undefined });
    if (r.kind !== "stored") throw new Error("not stored");
    const client = createClayClient({ webhookUrl: clay.url });
    const callbackUrl = `${app.url}/api/webhooks/clay`;

    const scored = await scoreVisitor(t.db, r.visitorId);
    expect(scored).toMatchObject({ tier: "HOT", isCompanyOnly: false });
    expect((await requestEnrichment(t.db, r.visitorId, { clay: client, callbackUrl })).status).toBe("FAILED");
    const draft = await draftForVisitor(t.db, r.visitorId);
    expect(draft).toMatchObject({ kind: "drafted", tier: "HOT" });
    expect(await t.db.visitor.findUniqueOrThrow({ where: { id: r.visitorId } })).toMatchObject({ needsBackfill: true, enrichmentStatus: "PARTIAL" });

    clay.setMode("ok");
    const run = await startRun(t.db, { trigger: "manual" });
    expect(run.visitorIds).toEqual([r.visitorId]);
    const push = await requestEnrichment(t.db, r.visitorId, { clay: client, callbackUrl, backfillRunId: run.runId });
    const requestId = (push as { requestId: string }).requestId;
    const res = await fetch(callbackUrl, { method: "POST", headers: { "content-type": "application/json", "x-clay-callback-secret": "pipeline-secret" }, body: JSON.stringify({ requestId, data: { companyDescription: "Analytics for revenue teams." } }) });
    expect(res.status).toBe(200);
    expect(await settle(t.db, requestId)).toBe("COMPLETED");
    await finishRun(t.db, run.runId!, "COMPLETED", null);
    expect(await t.db.visitor.findUniqueOrThrow({ where: { id: r.visitorId } })).toMatchObject({ needsBackfill: false, enrichmentStatus: "COMPLETE" });
    expect((await recentRuns(t.db)).runs[0]).toMatchObject({ status: "COMPLETED", processed: 1, succeeded: 1 });
  });
});
