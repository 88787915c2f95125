import { InngestTestEngine, mockCtx } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { decideDraftFn } from "./decide-draft";
import { sendApprovedDraft } from "./send-approved-draft";

// Branch tests: steps are mocked by id, so only the workflow's decisions are under test (the
// services behind the steps are tested against a real database). Sleeps are spies.
type Step = { id: string; handler: () => unknown };
type Spy = { mock: { calls: unknown[][] } };
type Ctx = { step: { run: Spy; sendEvent: Spy; sleep: Spy; sleepUntil: Spy } };
function withSleeps(ctx: Parameters<typeof mockCtx>[0]) {
  const c = mockCtx(ctx);
  return { ...c, step: { ...c.step, sleep: vi.fn(async () => undefined), sleepUntil: vi.fn(async () => undefined) } } as typeof c;
}
const run = (fn: typeof decideDraftFn | typeof sendApprovedDraft, event: unknown, steps: Step[]) =>
  new InngestTestEngine({ function: fn, events: [event] as never, transformCtx: withSleeps }).execute({ steps } as never) as Promise<{ result: Record<string, unknown>; ctx: Ctx }>;
const created = { name: "draft/created", data: { draftId: "d1", visitorId: "v1" } };
const ran = (ctx: Ctx) => ctx.step.run.mock.calls.map((c) => c[0]);
const future = new Date(Date.now() + 3_600_000).toISOString();
const atOnce = { id: "send-time", handler: () => ({ at: new Date().toISOString(), moved: false, reason: "not enough evidence" }) };

describe("decide-draft", () => {
  it("HOT draft queued for review emits draft/queued-for-review and sends nothing", async () => {
    const { result, ctx } = await run(decideDraftFn, created, [
      { id: "decide", handler: () => ({ kind: "REVIEW", draftId: "d1", reason: "HOT", hot: true, tier: "HOT", warm: false }) },
      { id: "alert-hot-review", handler: () => ({ ids: ["e"] }) },
    ]);
    expect(result).toMatchObject({ outcome: "REVIEW" });
    expect(ran(ctx)).toEqual(["decide"]);
    expect(ctx.step.sendEvent.mock.calls[0][1]).toMatchObject({ name: "draft/queued-for-review", data: { draftId: "d1", tier: "HOT", warm: false } });
  });

  it("a non-HOT review emits nothing", async () => {
    const { ctx } = await run(decideDraftFn, created, [{ id: "decide", handler: () => ({ kind: "REVIEW", draftId: "d1", reason: "parallel", hot: false, tier: "LOW", warm: false }) }]);
    expect(ctx.step.sendEvent.mock.calls).toHaveLength(0);
  });

  it("auto-send: sends; a deferred send sleeps until retryAt and tries again", async () => {
    const { result, ctx } = await run(decideDraftFn, created, [
      { id: "decide", handler: () => ({ kind: "AUTO_SEND", draftId: "d1", reason: "LOW" }) },
      atOnce,
      { id: "send-0", handler: () => ({ kind: "DEFERRED", check: "window", reason: "closed", retryAt: future }) },
      { id: "send-1", handler: () => ({ kind: "SENT", sendId: "s1", messageId: "m", mode: "SANDBOX", alreadySent: false }) },
      { id: "watch-outcome", handler: () => ({ ids: ["e"] }) },
    ]);
    expect(result).toEqual({ outcome: "SENT" });
    expect(ran(ctx)).toEqual(["decide", "send-time", "send-0", "send-1"]);
    expect(ctx.step.sleepUntil.mock.calls[0][0]).toBe("wait-0");
    // The send's 72 h outcome watch is started (track-send-outcome).
    expect(ctx.step.sendEvent.mock.calls[0]).toEqual(["watch-outcome", expect.objectContaining({ name: "send/sent", data: { sendId: "s1", draftId: "d1" }, id: "sent-s1" })]);
  });

  it("auto-send: waits for the learned send time when it moved the send, then the one send path", async () => {
    const { result, ctx } = await run(decideDraftFn, created, [
      { id: "decide", handler: () => ({ kind: "AUTO_SEND", draftId: "d1", reason: "LOW" }) },
      { id: "send-time", handler: () => ({ at: future, moved: true, reason: "Tue 15:00 is better" }) },
      { id: "send-0", handler: () => ({ kind: "SENT", sendId: "s1", messageId: "m", mode: "SANDBOX", alreadySent: false }) },
      { id: "watch-outcome", handler: () => ({ ids: ["e"] }) },
    ]);
    expect(result).toEqual({ outcome: "SENT" });
    expect(ctx.step.sleepUntil.mock.calls[0]).toEqual(["send-time-wait", new Date(future)]);
    expect(ran(ctx)).toEqual(["decide", "send-time", "send-0"]);
  });

  it("delayed auto-send sleeps 1 h, then sends only if the release happened", async () => {
    const sent = await run(decideDraftFn, created, [
      { id: "decide", handler: () => ({ kind: "AUTO_SEND_DELAYED", draftId: "d1", delayMs: 3_600_000, sendAfter: future, reason: "MEDIUM" }) },
      { id: "release-delayed", handler: () => ({ released: true, status: "APPROVED" }) },
      atOnce,
      { id: "send-0", handler: () => ({ kind: "SENT", sendId: "s1", messageId: "m", mode: "SANDBOX", alreadySent: false }) },
      { id: "watch-outcome", handler: () => ({ ids: ["e"] }) },
    ]);
    expect(sent.ctx.step.sleep.mock.calls[0]).toEqual(["auto-send-delay", 3_600_000]);
    expect(sent.result).toEqual({ outcome: "SENT" });
    const stopped = await run(decideDraftFn, created, [
      { id: "decide", handler: () => ({ kind: "AUTO_SEND_DELAYED", draftId: "d1", delayMs: 3_600_000, sendAfter: future, reason: "MEDIUM" }) },
      { id: "release-delayed", handler: () => ({ released: false, status: "REJECTED" }) },
    ]);
    expect(stopped.result).toEqual({ outcome: "NOT_RELEASED", status: "REJECTED" });
    expect(ran(stopped.ctx)).toEqual(["decide", "release-delayed"]);
  });

  it("a blocked send (suppressed) is not retried", async () => {
    const { result, ctx } = await run(decideDraftFn, created, [
      { id: "decide", handler: () => ({ kind: "AUTO_SEND", draftId: "d1", reason: "LOW" }) },
      atOnce,
      { id: "send-0", handler: () => ({ kind: "BLOCKED", check: "suppression", reason: "suppressed" }) },
    ]);
    expect(result).toEqual({ outcome: "BLOCKED" });
    expect(ctx.step.sleepUntil.mock.calls).toHaveLength(0);
  });
});

describe("send-approved-draft", () => {
  it("releases through GATEKEEPER and sends; NEEDS_REVIEW is final", async () => {
    const ev = { name: "draft/approved", data: { draftId: "d1", reviewerId: "u1" } };
    const ok = await run(sendApprovedDraft, ev, [
      { id: "release-and-send", handler: () => ({ kind: "SENT", sendId: "s", messageId: "m", mode: "LIVE", alreadySent: false }) },
      { id: "watch-outcome", handler: () => ({ ids: ["e"] }) },
    ]);
    expect(ok.result).toEqual({ outcome: "SENT" });
    expect(ok.ctx.step.sendEvent.mock.calls[0]?.[1]).toMatchObject({ name: "send/sent", data: { sendId: "s", draftId: "d1" } });
    // A shadow send never left: nothing to watch.
    const shadow = await run(sendApprovedDraft, ev, [{ id: "release-and-send", handler: () => ({ kind: "SENT", sendId: "s", messageId: null, mode: "SHADOW", alreadySent: false }) }]);
    expect(shadow.result).toEqual({ outcome: "SENT" });
    expect(shadow.ctx.step.sendEvent.mock.calls).toHaveLength(0);
    const nr = await run(sendApprovedDraft, ev, [{ id: "release-and-send", handler: () => ({ kind: "NEEDS_REVIEW", sendId: "s", reason: "timeout" }) }]);
    expect(nr.result).toEqual({ outcome: "NEEDS_REVIEW" });
    expect(nr.ctx.step.sleepUntil.mock.calls).toHaveLength(0);
  });
});
