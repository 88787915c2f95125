import { InngestTestEngine, mockCtx } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { processVisitor } from "./process-visitor";
import { backfillEnrichment } from "./backfill-enrichment";

// Branch tests: every step is mocked by id, so only the workflow's decisions are under test
// (the services behind the steps have their own tests against a real database).
const event = { name: "visitor/identified", data: { visitorId: "v1", deliveryId: "d1", repeat: false } };
const scored = (patch: Record<string, unknown> = {}) => ({ score: 70, tier: "HOT", warm: false, excluded: false, isCompanyOnly: false, enrichmentStatus: "NONE", signals: [], breakdown: [], seniority: null, ...patch });
type Step = { id: string; handler: () => unknown };
/**
 * @inngest/test cannot resolve a waitForEvent (it "does not run waits"), so the wait is replaced by a
 * spy that resolves like the executor would: with the matched event, or null on timeout.
 */
function withWait(result: unknown) {
  return (ctx: Parameters<typeof mockCtx>[0]) => {
    const c = mockCtx(ctx);
    return { ...c, step: { ...c.step, waitForEvent: vi.fn(async () => result) } } as typeof c;
  };
}
// A fresh engine per run: an engine keeps step state between executions.
const run = (steps: Step[], waitResult: unknown = null) =>
  new InngestTestEngine({ function: processVisitor, events: [event] as never, transformCtx: withWait(waitResult) }).execute({ steps } as never) as Promise<{ result: Record<string, unknown>; ctx: { step: { waitForEvent: { mock: { calls: unknown[][] } }; run: { mock: { calls: unknown[][] } }; sendEvent: { mock: { calls: unknown[][] } } } } }>;
const ran = (ctx: { step: { run: { mock: { calls: unknown[][] } } } }) => ctx.step.run.mock.calls.map((c) => c[0]);

describe("process-visitor", () => {
  // The first step scores and (for a person not yet enriched) pushes to Clay; which of those it did
  // is the services' business (pipeline.e2e.test.ts: a company-only profile or a repeat visit makes no request).
  const first = (patch: Record<string, unknown> = {}, push: unknown = null) => ({ id: "score-and-enrich", handler: () => ({ scored: scored(patch), push }) });
  const drafted = (draftId: string, settled: string | null = null) => ({ id: "settle-and-draft", handler: () => ({ settled, draft: { kind: "drafted", draftId, tier: "HOT", warm: false } }) });

  it("company-only: scored and stored, never enriched or drafted", async () => {
    const { result, ctx } = await run([first({ isCompanyOnly: true, tier: "LOW" })]);
    expect(result).toMatchObject({ outcome: "stored" });
    expect(ran(ctx)).toEqual(["score-and-enrich"]);
  });

  it("excluded domain: not drafted", async () => {
    const { result, ctx } = await run([first({ excluded: true })]);
    expect(result.reason).toContain("excluded");
    expect(ran(ctx)).toEqual(["score-and-enrich"]);
  });

  it("visitor gone: skipped", async () => {
    const { result, ctx } = await run([{ id: "score-and-enrich", handler: () => ({ scored: null, push: null }) }]);
    expect(result).toMatchObject({ outcome: "skipped", reason: "visitor not found" });
    expect(ran(ctx)).toEqual(["score-and-enrich"]);
  });

  it("enrichment sent: waits for the callback matched on our request id (30 s), settles and drafts (re-scoring inside), emits draft/created", async () => {
    const { result, ctx } = await run([
      first({}, { status: "SENT", requestId: "req_42" }),
      drafted("dr1", "COMPLETED"),
      { id: "emit-draft-created", handler: () => ({ ids: ["e1"] }) },
    ], { name: "clay/enrichment.received", data: { requestId: "req_42", visitorId: "v1", ok: true } });
    expect(result).toEqual({ outcome: "drafted", enrichment: "COMPLETED", draftId: "dr1" });
    expect(ctx.step.waitForEvent.mock.calls[0][1]).toMatchObject({ event: "clay/enrichment.received", timeout: "30s", if: 'async.data.requestId == "req_42"' });
    expect(ran(ctx)).toEqual(["score-and-enrich", "settle-and-draft"]);
    expect(ctx.step.sendEvent.mock.calls[0][1]).toMatchObject({ name: "draft/created", data: { draftId: "dr1", visitorId: "v1" } });
  });

  it("callback timeout: settles as TIMED_OUT and still drafts from partial data", async () => {
    const { result } = await run([
      first({}, { status: "SENT", requestId: "req_1" }),
      drafted("dr2", "TIMED_OUT"),
      { id: "emit-draft-created", handler: () => ({ ids: ["e1"] }) },
    ]);
    expect(result).toMatchObject({ outcome: "drafted", enrichment: "TIMED_OUT" });
  });

  it.each(["BLOCKED", "FAILED"])("breaker open / Clay down (%s): no wait, drafts from partial data", async (status) => {
    const { result, ctx } = await run([
      first({}, { status, requestId: "req_x", retryAt: null, error: "x" }),
      drafted("dr3"),
      { id: "emit-draft-created", handler: () => ({ ids: ["e1"] }) },
    ]);
    expect(result).toMatchObject({ outcome: "drafted", enrichment: status });
    expect(ctx.step.waitForEvent.mock.calls).toHaveLength(0);
  });

  it("already enriched (repeat visit): no second Clay push", async () => {
    const { result, ctx } = await run([
      first({ enrichmentStatus: "COMPLETE" }),
      { id: "settle-and-draft", handler: () => ({ settled: null, draft: { kind: "skipped", reason: "lead already has an active or recent draft" } }) },
    ]);
    expect(result).toMatchObject({ outcome: "skipped", enrichment: "ALREADY_COMPLETE" });
    expect(ran(ctx)).toEqual(["score-and-enrich", "settle-and-draft"]);
    expect(ctx.step.sendEvent.mock.calls).toHaveLength(0);
  });
});

describe("backfill-enrichment", () => {
  const brun = (steps: Step[]) =>
    new InngestTestEngine({ function: backfillEnrichment, events: [{ name: "enrichment/backfill.requested", data: { limit: 5 } }] as never, transformCtx: withWait(null) }).execute({ steps } as never) as ReturnType<typeof run>;

  it("nothing to do", async () => {
    const { result } = await brun([{ id: "start-run", handler: () => ({ runId: null, visitorIds: [], givenUp: 0, busy: false }) }]);
    expect(result).toEqual({ outcome: "nothing-to-do", runId: null });
  });

  it("enriches each visitor, waiting per request, and finishes the run", async () => {
    const { result, ctx } = await brun([
      { id: "start-run", handler: () => ({ runId: "run1", visitorIds: ["a", "b"], givenUp: 0, busy: false }) },
      { id: "push-a", handler: () => ({ status: "SENT", requestId: "ra" }) },
      { id: "settle-a", handler: () => "COMPLETED" },
      { id: "push-b", handler: () => ({ status: "FAILED", requestId: "rb", error: "500" }) },
      { id: "count-b", handler: () => null },
      { id: "finish-run", handler: () => null },
    ]);
    expect(result).toEqual({ outcome: "completed", runId: "run1", completed: 1, total: 2 });
    expect(ran(ctx)).toEqual(["start-run", "push-a", "settle-a", "push-b", "count-b", "finish-run"]);
  });

  it("stops and pauses the run when the breaker refuses", async () => {
    const { result, ctx } = await brun([
      { id: "start-run", handler: () => ({ runId: "run2", visitorIds: ["a", "b", "c"], givenUp: 0, busy: false }) },
      { id: "push-a", handler: () => ({ status: "BLOCKED", requestId: "ra", retryAt: "2026-11-24T10:02:00Z" }) },
      { id: "pause-run", handler: () => null },
    ]);
    expect(result).toEqual({ outcome: "paused", runId: "run2", completed: 0 });
    expect(ran(ctx)).not.toContain("push-b");
  });
});
