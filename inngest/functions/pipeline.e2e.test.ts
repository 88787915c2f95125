import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FACT_SOURCES } from "@/server/features/visitors/profile";
import { composeDraft } from "@/server/features/drafting/compose-email";
import { sandboxEnrichment } from "@/server/integrations/clay/clay.sandbox";
import type { ClayRow } from "@/server/integrations/clay";
import { fakeClayTable } from "@/server/testing/http-servers";
import { startPipelineHarness, type PipelineHarness } from "@/server/testing/pipeline-harness";
import { rb2bCompanyOnly, rb2bPerson } from "@/server/testing/rb2b-fixtures";

// Visitor -> draft end to end on the local executor (issue 4, first "Done when" item): real RB2B
// and Clay routes, the real SDK endpoint, the executor in-process, sandbox or fake Clay on loopback.
// Each test uses its own person so runs and rows never mix; the functions run one after another.
let h: PipelineHarness;
const CLAY_SECRET = "e2e-clay-callback-secret";

beforeAll(async () => {
  // Sandbox Clay answers after 0.8-1 s: late enough that the workflow's wait has begun even on a
  // loaded machine (test 1 checks the callback's event woke it), well inside the 3 s wait.
  h = await startPipelineHarness({ env: { CLAY_CALLBACK_SECRET: CLAY_SECRET, CLAY_SANDBOX_DELAY_MS: "800", CLAY_CALLBACK_WAIT_S: "3" } });
});
afterAll(async () => {
  await h?.stop();
});

/** A distinct person per test (identity is the LinkedIn URL / e-mail). */
function person(slug: string, overrides: Record<string, unknown> = {}) {
  return rb2bPerson({
    "LinkedIn URL": `https://www.linkedin.com/in/${slug}-0a1b2c/`,
    "First Name": slug[0].toUpperCase() + slug.slice(1),
    "Business Email": `${slug}@acme-analytics.com`,
    ...overrides,
  });
}

async function visitorByEmail(email: string) {
  return h.db.visitor.findFirstOrThrow({ where: { email } });
}

/** The process-visitor run started by this visitor's latest delivery, once it has ended. */
async function runFor(visitorId: string, nth = 1) {
  return h.waitFor(async (db) => {
    const deliveries = await db.webhookDelivery.findMany({ where: { visitorId }, orderBy: { receivedAt: "asc" }, select: { id: true } });
    const d = deliveries[nth - 1];
    if (!d) return undefined;
    const ev = await db.execEvent.findUnique({ where: { externalId: `rb2b-${d.id}` }, select: { id: true } });
    if (!ev) return undefined;
    const run = await db.execRun.findFirst({ where: { eventId: ev.id, functionId: "caio-swarm-process-visitor" } });
    return run && ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status) ? run : undefined;
  }, { what: `process-visitor run #${nth} of ${visitorId}` });
}

const output = (run: { output: string | null }) => JSON.parse(run.output ?? "null") as Record<string, unknown>;

describe("visitor -> draft on the executor", () => {
  it("a realistic RB2B delivery becomes a visitor, is enriched through sandbox Clay, scored with a breakdown, and drafted with its evidence", async () => {
    const payload = person("jordan", { Title: "VP of Revenue Operations", "Captured URL": "https://caio-swarm.example/pricing" });
    expect(Object.keys(payload)).toContain("Business Email"); // Title-Case keys, as RB2B sends them
    const res = await h.postRb2b(payload);
    expect(res).toEqual({ status: 200, body: { ok: true, repeat: false } });

    const v0 = await visitorByEmail("jordan@acme-analytics.com");
    const run = await runFor(v0.id);
    expect(run.status).toBe("COMPLETED");
    expect(output(run)).toMatchObject({ outcome: "drafted", enrichment: "COMPLETED" });

    const v = await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } });
    expect(v).toMatchObject({ enrichmentStatus: "COMPLETE", needsBackfill: false, isCompanyOnly: false, enrichmentAttempts: 1 });
    expect(v.score).toBeGreaterThan(0);
    expect(["LOW", "MEDIUM", "HOT"]).toContain(v.tier);
    const breakdown = JSON.parse(v.scoreBreakdown ?? "[]") as unknown[];
    expect(breakdown.length).toBeGreaterThan(0);

    // Enriched through the real callback route, whose event woke the wait (not its timeout).
    const wait = await h.db.execStep.findFirstOrThrow({ where: { runId: run.id, name: "wait-for-enrichment" } });
    expect(JSON.parse(wait.data ?? "null")).toMatchObject({ name: "clay/enrichment.received", data: { visitorId: v0.id, ok: true } });
    const requests = await h.db.enrichmentRequest.findMany({ where: { visitorId: v.id } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ status: "COMPLETED" });
    expect(JSON.parse(requests[0].result!)).toMatchObject({ companyDescription: expect.stringContaining("Acme Analytics") });

    const drafts = await h.db.draft.findMany({ where: { visitorId: v.id } });
    expect(drafts).toHaveLength(1);
    const draft = drafts[0];
    // draft/created hands the draft to decide-draft: in the "parallel" phase every draft goes to review.
    const decided = await h.waitFor((db) => db.draft.findFirst({ where: { id: draft.id, status: "PENDING_REVIEW" } }), { what: "the draft queued for review" });
    expect(decided.recommendation).toBeTruthy();
    expect(output(run).draftId).toBe(draft.id);
    expect(draft.score).toBe(v.score);
    expect(JSON.parse(draft.scoreBreakdown)).toEqual(breakdown);
    const evidence = JSON.parse(draft.evidence) as { field: string; value: string; source: string; dataId: string; verifiedAt: string }[];
    expect(evidence.length).toBeGreaterThan(0);
    for (const f of evidence) {
      expect(FACT_SOURCES).toContain(f.source);
      expect(f.dataId).toBeTruthy();
      expect(Number.isNaN(Date.parse(f.verifiedAt))).toBe(false);
      expect(`${draft.subject}\n${draft.body}`).toContain(f.value);
    }
    const checks = JSON.parse(draft.qualityChecks) as { ok: boolean }[];
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((c) => c.ok)).toBe(true);

    const email = await composeDraft(h.db, draft.id);
    expect(email).not.toBeNull();
    expect(email!.subject).toBe(draft.subject.trim());
    expect(email!.text).toContain(draft.body.trim());
    expect(email!.text).toContain(`${h.url}/api/unsubscribe?c=${v.id}`);
    expect(email!.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");

    // draft/created went out for the send path.
    const created = await h.db.execEvent.findMany({ where: { name: "draft/created" } });
    expect(created.map((e) => JSON.parse(e.payload).data)).toContainEqual({ draftId: draft.id, visitorId: v.id });
  });

  it("a company-only profile is stored and scored, never enriched or drafted", async () => {
    const res = await h.postRb2b(rb2bCompanyOnly());
    expect(res).toEqual({ status: 200, body: { ok: true, repeat: false } });
    const v0 = await h.db.visitor.findFirstOrThrow({ where: { companyName: "Globex Corporation" } });
    const run = await runFor(v0.id);
    expect(run.status).toBe("COMPLETED");
    expect(output(run)).toMatchObject({ outcome: "stored" });
    const v = await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } });
    expect(v).toMatchObject({ isCompanyOnly: true, email: null, firstName: null, needsBackfill: false });
    expect(v.tier).not.toBeNull();
    expect(await h.db.pageView.count({ where: { visitorId: v.id } })).toBe(1);
    expect(await h.db.draft.count({ where: { visitorId: v.id } })).toBe(0);
    expect(await h.db.enrichmentRequest.count({ where: { visitorId: v.id } })).toBe(0);
  });

  it("a repeat delivery adds a page view to the same visitor and no second draft; an exact duplicate changes nothing", async () => {
    const first = await visitorByEmail("jordan@acme-analytics.com");
    const repeat = person("jordan", { "Captured URL": "https://caio-swarm.example/case-studies/acme", "Seen At": "2026-11-24T10:45:00.000Z" });
    expect(await h.postRb2b(repeat)).toEqual({ status: 200, body: { ok: true, repeat: true } });
    const run = await runFor(first.id, 2);
    expect(run.status).toBe("COMPLETED");
    expect(output(run)).toMatchObject({ outcome: "skipped", enrichment: "ALREADY_COMPLETE" });

    const counts = async () => ({
      visitors: await h.db.visitor.count(),
      views: await h.db.pageView.count({ where: { visitorId: first.id } }),
      deliveries: await h.db.webhookDelivery.count(),
      drafts: await h.db.draft.count({ where: { visitorId: first.id } }),
      requests: await h.db.enrichmentRequest.count({ where: { visitorId: first.id } }),
      events: await h.db.execEvent.count(),
      runs: await h.db.execRun.count(),
    });
    const after = await counts();
    expect(after).toMatchObject({ views: 2, drafts: 1, requests: 1 });
    expect(await h.db.visitor.count({ where: { email: "jordan@acme-analytics.com" } })).toBe(1);
    expect((await h.db.visitor.findUniqueOrThrow({ where: { id: first.id } })).visitCount).toBe(2);

    // The intake emits before it answers, so "no event" is checkable right after the reply.
    expect(await h.postRb2b(repeat)).toEqual({ status: 200, body: { ok: true, duplicate: true } });
    expect(await counts()).toEqual(after);
  });

  it("Clay down: drafts from partial data and marks the visitor for backfill; the backfill then completes it", async () => {
    const clay = await fakeClayTable({ secret: CLAY_SECRET, enrich: (row) => sandboxEnrichment(row as unknown as ClayRow) });
    h.setEnv({ CLAY_WEBHOOK_URL: clay.url });
    try {
      const res = await h.postRb2b(person("casey", { Title: "Chief Executive Officer" }));
      expect(res.status).toBe(200);
      const v0 = await visitorByEmail("casey@acme-analytics.com");
      const run = await runFor(v0.id);
      expect(run.status).toBe("COMPLETED");
      expect(output(run)).toMatchObject({ outcome: "drafted", enrichment: "FAILED" });

      const partial = await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } });
      expect(partial).toMatchObject({ enrichmentStatus: "PARTIAL", needsBackfill: true });
      const draft = await h.db.draft.findFirstOrThrow({ where: { visitorId: v0.id } });
      expect(["DRAFTED", "PENDING_REVIEW"]).toContain(draft.status);
      const evidence = JSON.parse(draft.evidence) as { source: string }[];
      expect(evidence.length).toBeGreaterThan(0);
      expect(evidence.every((f) => f.source !== "clay")).toBe(true); // partial data: nothing from Clay
      expect(await h.db.enrichmentRequest.findMany({ where: { visitorId: v0.id }, select: { status: true } })).toEqual([{ status: "FAILED" }]);

      await clay.up();
      await h.sendEvent({ name: "enrichment/backfill.requested", data: { limit: 10 } });
      const [backfill] = await h.finishedRuns("backfill-enrichment");
      expect(backfill.status).toBe("COMPLETED");
      expect(output(backfill)).toMatchObject({ outcome: "completed", completed: 1, total: 1 });

      expect(await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } })).toMatchObject({ enrichmentStatus: "COMPLETE", needsBackfill: false });
      const runs = await h.db.backfillRun.findMany();
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ trigger: "manual", status: "COMPLETED", total: 1, processed: 1, succeeded: 1, failed: 0 });
      expect(clay.received.map((r) => r.email)).toEqual(["casey@acme-analytics.com"]);
      expect(clay.callbacks).toEqual([{ requestId: expect.any(String), status: 200 }]);
      const requests = await h.db.enrichmentRequest.findMany({ where: { visitorId: v0.id }, orderBy: { requestedAt: "asc" }, select: { status: true, backfillRunId: true } });
      expect(requests).toEqual([{ status: "FAILED", backfillRunId: null }, { status: "COMPLETED", backfillRunId: runs[0].id }]);
    } finally {
      h.setEnv({ CLAY_WEBHOOK_URL: undefined });
      await clay.down();
    }
  });
});

describe("exactly once under executor retries", () => {
  it("process-visitor: a step whose result is lost runs again without duplicating rows or losing draft/created", async () => {
    for (const step of ["score-and-enrich", "settle-and-draft"]) h.dropStepResult({ step });
    const res = await h.postRb2b(person("morgan"));
    expect(res.status).toBe(200);
    const v0 = await visitorByEmail("morgan@acme-analytics.com");
    const run = await runFor(v0.id);
    expect(run.status).toBe("COMPLETED");
    // Every fault fired: each of those steps ran twice.
    expect(Object.fromEntries(h.droppedResults)).toMatchObject({ "score-and-enrich": 1, "settle-and-draft": 1 });
    expect(output(run)).toMatchObject({ outcome: "drafted", enrichment: "COMPLETED" });

    const v = await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } });
    expect(v).toMatchObject({ enrichmentStatus: "COMPLETE", needsBackfill: false, enrichmentAttempts: 1 });
    expect(await h.db.enrichmentRequest.count({ where: { visitorId: v.id } })).toBe(1);
    const drafts = await h.db.draft.findMany({ where: { visitorId: v.id }, select: { id: true } });
    expect(drafts).toHaveLength(1);
    expect(output(run).draftId).toBe(drafts[0].id);
    const created = await h.db.execEvent.findMany({ where: { name: "draft/created" } });
    expect(created.filter((e) => JSON.parse(e.payload).data.visitorId === v.id)).toHaveLength(1);
  });

  it("backfill: retried start, push, settle and finish steps make one run, one request, one push, and count the visitor once", async () => {
    const clay = await fakeClayTable({ secret: CLAY_SECRET, enrich: (row) => sandboxEnrichment(row as unknown as ClayRow) });
    h.setEnv({ CLAY_WEBHOOK_URL: clay.url });
    try {
      await h.postRb2b(person("riley"));
      const v0 = await visitorByEmail("riley@acme-analytics.com");
      expect(output(await runFor(v0.id))).toMatchObject({ outcome: "drafted", enrichment: "FAILED" });
      expect(await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } })).toMatchObject({ needsBackfill: true, enrichmentAttempts: 1 });

      await clay.up();
      const before = await h.db.backfillRun.count();
      for (const step of ["start-run", `push-${v0.id}`, `settle-${v0.id}`, "finish-run"]) h.dropStepResult({ step });
      await h.sendEvent({ name: "enrichment/backfill.requested", data: { limit: 10 } });
      const runs = await h.finishedRuns("backfill-enrichment", 2);
      const last = runs[runs.length - 1];
      expect(last.status).toBe("COMPLETED");
      expect(output(last)).toMatchObject({ outcome: "completed", completed: 1, total: 1 });
      expect(Object.fromEntries(h.droppedResults)).toMatchObject({ "start-run": 1, [`push-${v0.id}`]: 1, [`settle-${v0.id}`]: 1, "finish-run": 1 });

      expect(await h.db.backfillRun.count()).toBe(before + 1);
      const run = await h.db.backfillRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
      expect(run).toMatchObject({ status: "COMPLETED", total: 1, processed: 1, succeeded: 1, failed: 0 });
      expect(await h.db.enrichmentRequest.count({ where: { backfillRunId: run.id } })).toBe(1);
      expect(clay.received.filter((r) => r.email === "riley@acme-analytics.com")).toHaveLength(1);
      expect(await h.db.visitor.findUniqueOrThrow({ where: { id: v0.id } })).toMatchObject({ enrichmentStatus: "COMPLETE", needsBackfill: false, enrichmentAttempts: 2 });
    } finally {
      h.setEnv({ CLAY_WEBHOOK_URL: undefined });
      await clay.down();
    }
  });
});
