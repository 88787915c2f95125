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
  it("company-only: scored and stored, never enriched or drafted", async () => {
    const { result, ctx } = await run([{ id: "score", handler: () => scored({ isCompanyOnly: true, tier: "LOW" }) }]);
    expect(result).toMatchObject({ outcome: "stored" });
    expect(ran(ctx)).toEqual(["score"]);
  });

  it("excluded domain: not drafted", async () => {
    const { result, ctx } = await run([{ id: "score", handler: () => scored({ excluded: true }) }]);
    expect(result.reason).toContain("excluded");
    expect(ran(ctx)).toEqual(["score"]);
  });

  it("enrichment sent: waits for the callback matched on our request id (30 s), settles, drafts (re-scoring inside), emits draft/created", async () => {
    const { result, ctx } = await run([
      { id: "score", handler: () => scored() },
      { id: "request-enrichment", handler: () => ({ status: "SENT", requestId: "req_42" }) },
      { id: "settle-enrichment", handler: () => "COMPLETED" },
      { id: "draft", handler: () => ({ kind: "drafted", draftId: "dr1", tier: "HOT", warm: false }) },
      { id: "emit-draft-created", handler: () => ({ ids: ["e1"] }) },
    ], { name: "clay/enrichment.received", data: { requestId: "req_42", visitorId: "v1", ok: true } });
    expect(result).toEqual({ outcome: "drafted", enrichment: "COMPLETED", draftId: "dr1" });
    expect(ctx.step.waitForEvent.mock.calls[0][1]).toMatchObject({ event: "clay/enrichment.received", timeout: "30s", if: 'async.data.requestId == "req_42"' });
    expect(ran(ctx)).toEqual(["score", "request-enrichment", "settle-enrichment", "draft"]);
    expect(ctx.step.sendEvent.mock.calls[0][1]).toMatchObject({ name: "draft/created", data: { draftId: "dr1", visitorId: "v1" } });
  });

  it("callback timeout: settles as TIMED_OUT and still drafts from partial data", async () => {
    const { result } = await run([
      { id: "score", handler: () => scored() },
      { id: "request-enrichment", handler: () => ({ status: "SENT", requestId: "req_1" }) },
      { id: "settle-enrichment", handler: () => "TIMED_OUT" },
      { id: "draft", handler: () => ({ kind: "drafted", draftId: "dr2", tier: "HOT", warm: false }) },
      { id: "emit-draft-created", handler: () => ({ ids: ["e1"] }) },
    ]);
    expect(result).toMatchObject({ outcome: "drafted", enrichment: "TIMED_OUT" });
  });

  it.each(["BLOCKED", "FAILED"])("breaker open / Clay down (%s): no wait, drafts from partial data", async (status) => {
    const { result, ctx } = await run([
      { id: "score", handler: () => scored() },
      { id: "request-enrichment", handler: () => ({ status, requestId: "req_x", retryAt: null, error: "x" }) },
      { id: "draft", handler: () => ({ kind: "drafted", draftId: "dr3", tier: "HOT", warm: false }) },
      { id: "emit-draft-created", handler: () => ({ ids: ["e1"] }) },
    ]);
    expect(result).toMatchObject({ outcome: "drafted", enrichment: status });
    expect(ctx.step.waitForEvent.mock.calls).toHaveLength(0);
  });

  it("already enriched (repeat visit): no second Clay push", async () => {
    const { result, ctx } = await run([
      { id: "score", handler: () => scored({ enrichmentStatus: "COMPLETE" }) },
      { id: "draft", handler: () => ({ kind: "skipped", reason: "lead already has an active or recent draft" }) },
    ]);
    expect(result).toMatchObject({ outcome: "skipped", enrichment: "ALREADY_COMPLETE" });
    expect(ran(ctx)).toEqual(["score", "draft"]);
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
