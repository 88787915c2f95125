import { ulid } from "@/server/db/ulid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { decodeDispatchToken, encodeDispatchToken } from "./checkpoint";
import { hashSigningKey } from "./signing";
import type { Handlers } from "./testing/app-host";
import { startHarness, waitFor, type Harness } from "./testing/harness";
import { finishedRuns, stepsOf } from "./testing/runs";

// Contract tests of async checkpointing: the real SDK runs a run's steps back to back in one call
// and POSTs each result to /v1/checkpoint/{runId}/async; the executor records it before answering.
let t: TestDb;
let h: Harness;
const calls: Record<string, number> = {};
const bump = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);

/** A promise the test resolves by hand, and one that says the step reached it. */
function gate() {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const hit = new Promise<void>((r) => (reached = r));
  return { open, opened, reached, hit };
}
const held = gate();
const cancelGate = gate();

/** What the executor sent on its latest call of each run (ctx.qi_id etc.), and the answers' statuses. */
const sent = new Map<string, { qi_id?: string; fn_id?: string }>();
const answers: { status: number; text: string }[] = [];
/** Runs once the SDK has answered and before the executor gets the answer. */
let beforeAnswerArrives: (() => Promise<unknown>) | undefined;
const observe = (hs: Handlers): Handlers => ({
  GET: hs.GET,
  PUT: hs.PUT,
  async POST(req) {
    const body = (await req.clone().json()) as { ctx: { run_id: string; qi_id?: string; fn_id?: string } };
    sent.set(body.ctx.run_id, body.ctx);
    const res = await hs.POST(req);
    answers.push({ status: res.status, text: await res.clone().text() });
    await beforeAnswerArrives?.();
    beforeAnswerArrives = undefined;
    return res;
  },
});

beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t);
  const c = h.client;
  await h.serve(
    [
      c.createFunction({ id: "chain", triggers: [{ event: "t/chain" }] }, async ({ step }) => {
        let n = 0;
        for (let i = 0; i < 5; i++) n = await step.run(`s${i}`, () => (bump(`chain-s${i}`), n + 1));
        return { n };
      }),
      c.createFunction({ id: "mixed", retries: 2, triggers: [{ event: "t/mixed" }] }, async ({ step }) => {
        const a = await step.run("a", () => (bump("mixed-a"), "a"));
        const b = await step.run("b", () => (bump("mixed-b"), "b"));
        await step.sleep("nap", "1s");
        const r = await step.run("flaky", () => {
          if (bump("mixed-flaky") === 1) throw new Error("first attempt fails");
          return "r";
        });
        const s = await step.run("after", () => (bump("mixed-after"), "s"));
        const w = await step.waitForEvent("go", { event: "t/mixed-go", timeout: "20s" });
        const [p, q] = await Promise.all([step.run("p", () => (bump("mixed-p"), "p")), step.run("q", () => (bump("mixed-q"), "q"))]);
        return [a, b, r, s, (w?.data as { v: string }).v, p, q].join("");
      }),
      c.createFunction({ id: "held", triggers: [{ event: "t/held" }] }, async ({ step }) => {
        await step.run("a", () => (bump("held-a"), "a"));
        await step.run("b", async () => {
          if (bump("held-b") === 1) {
            held.reached();
            await held.opened;
          }
          return "b";
        });
        await step.run("c", () => (bump("held-c"), "c"));
        return "done";
      }),
      c.createFunction({ id: "impostor", retries: 1, triggers: [{ event: "t/impostor" }] }, async ({ step }) => {
        await step.run("a", () => bump("impostor-a"));
        bump("impostor-body");
        throw Object.assign(new Error("Stale dispatch: not really"), { name: "StaleDispatchError" });
      }),
      c.createFunction({ id: "cancellable", triggers: [{ event: "t/cancellable" }] }, async ({ step }) => {
        await step.run("a", async () => {
          bump("cancellable-a");
          cancelGate.reached();
          await cancelGate.opened;
        });
        await step.run("b", () => bump("cancellable-b"));
      }),
    ],
    observe,
  );
});
afterAll(async () => {
  held.open();
  cancelGate.open();
  await h?.close();
  await t?.cleanup();
});

const post = (path: string, body: unknown, auth: string | null = `Bearer ${hashSigningKey(h.keys.signingKey)}`) =>
  fetch(`${h.executor.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("checkpointed runs", () => {
  it("run a sequential function in one call, each step recorded in order and run once", async () => {
    await h.executor.send([{ name: "t/chain", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-chain");
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.output!)).toEqual({ n: 5 });
    expect(run.attempts).toBe(1); // one call to the app for five steps
    const steps = await stepsOf(t.db, run.id);
    expect(Object.keys(steps)).toEqual(["s0", "s1", "s2", "s3", "s4"]);
    expect(Object.values(steps).map((s) => [s.seq, s.status, JSON.parse(s.data!)])).toEqual([1, 2, 3, 4, 5].map((i) => [i, "COMPLETED", i]));
    expect([0, 1, 2, 3, 4].map((i) => calls[`chain-s${i}`])).toEqual([1, 1, 1, 1, 1]);
    expect(decodeDispatchToken(sent.get(run.id)!.qi_id!)).toBeDefined();
    expect(sent.get(run.id)!.fn_id).toBe("test-app-chain");
    expect(await t.db.execQueueItem.count({ where: { runId: run.id } })).toBe(0);
  });

  it("keep sleeps, retries, waitForEvent and parallel steps working between checkpointed steps", async () => {
    await h.executor.send([{ name: "t/mixed", data: {} }]);
    await waitFor(async () => (await t.db.execWait.count({ where: { eventName: "t/mixed-go" } })) || undefined, 20_000, "the wait");
    await h.executor.send([{ name: "t/mixed-go", data: { v: "w" } }]);
    const [run] = await finishedRuns(t.db, "test-app-mixed");
    expect(run.status).toBe("COMPLETED");
    expect(JSON.parse(run.output!)).toBe("abrswpq");
    expect(["a", "b", "flaky", "after", "p", "q"].map((k) => calls[`mixed-${k}`])).toEqual([1, 1, 2, 1, 1, 1]);
    const steps = await stepsOf(t.db, run.id);
    expect(Object.keys(steps).slice(0, 6)).toEqual(["a", "b", "nap", "flaky", "after", "go"]);
    expect(steps.flaky.attempts).toBe(2);
    expect(run.disableImmediate).toBe(true); // the parallel steps turned in-band running off
    // Calls: a+b+nap, flaky fails, flaky again (a retry answers by itself), after+go, the parallel
    // plan, p, q, the end: 8. One call per step, as without checkpointing, would be 11.
    expect(run.attempts).toBe(8);
  });

  it("treat a StaleDispatchError the executor did not cause as an ordinary failure (no endless re-asking)", async () => {
    await h.executor.send([{ name: "t/impostor", data: {} }]);
    const [run] = await finishedRuns(t.db, "test-app-impostor");
    expect(run.status).toBe("FAILED");
    expect([calls["impostor-a"], calls["impostor-body"]]).toEqual([1, 2]); // retries: 1
  });
});

describe("the checkpoint endpoint", () => {
  it("refuses bad requests, ignores a repeated checkpoint, and stops a call that no longer holds its run", async () => {
    await h.executor.send([{ name: "t/held", data: {} }]);
    await held.hit; // step b is running inside the call; a is checkpointed
    const run = await waitFor(async () => (await t.db.execRun.findFirst({ where: { functionId: "test-app-held" } })) ?? undefined);
    const before = await stepsOf(t.db, run.id);
    expect(Object.keys(before)).toEqual(["a"]);
    const { qi_id: qiId, fn_id: fnId } = sent.get(run.id)!;
    const token = decodeDispatchToken(qiId!)!;
    const path = `/v1/checkpoint/${run.id}/async`;
    const stepA = { id: before.a.stepId, op: "StepRun", name: "a", data: "changed" };
    const body = (over: object = {}) => ({ run_id: run.id, fn_id: fnId, qi_id: qiId, steps: [stepA], ts: Date.now(), ...over });

    expect((await post(path, body(), null)).status).toBe(401);
    expect((await post(path, body(), "Bearer nope")).status).toBe(401);
    expect((await post(path, "{not json")).status).toBe(400);
    expect((await post(path, body({ steps: [] }))).status).toBe(400);
    expect((await post(`/v1/checkpoint/${ulid()}/async`, body())).status).toBe(400); // run_id differs from the URL's
    expect((await post(path, body({ qi_id: "something-else" }))).status).toBe(400);
    expect((await post(path, body({ steps: [{ id: "x", op: "Sleep", name: "1s" }] }))).status).toBe(400);
    expect((await post(path, body({ qi_id: encodeDispatchToken({ ...token, itemId: ulid() }) }))).status).toBe(409);
    expect((await post(path, body({ qi_id: encodeDispatchToken({ ...token, nonce: "999999" }) }))).status).toBe(409);
    expect((await post(path, body({ fn_id: "test-app-chain" }))).status).toBe(409);
    expect((await post("/v1/checkpoint", body())).status).toBe(501);
    // Delivered twice: accepted, changes nothing.
    expect((await post(path, body())).status).toBe(200);
    const again = await stepsOf(t.db, run.id);
    expect([again.a.seq, JSON.parse(again.a.data!)]).toEqual([1, "a"]);
    expect(JSON.parse((await t.db.execRun.findUniqueOrThrow({ where: { id: run.id } })).stack)).toEqual([before.a.stepId]);

    // The call loses its lease (as when another executor process judged it expired and took the
    // item over): its next checkpoint is refused and the SDK stops there; c does not run in that
    // call. The lease comes back before the executor reads the answer (the other process gave it
    // up), so the executor holds the item again and asks anew, without counting an attempt.
    const answered = answers.length;
    await t.db.execQueueItem.updateMany({ where: { id: token.itemId }, data: { leaseOwner: "SOMEONE-ELSE", leaseUntil: BigInt(Date.now() + 600_000) } });
    beforeAnswerArrives = async () => {
      expect(calls["held-c"]).toBeUndefined();
      expect(Object.keys(await stepsOf(t.db, run.id))).toEqual(["a"]);
      await t.db.execQueueItem.updateMany({ where: { id: token.itemId }, data: { leaseOwner: token.owner } });
    };
    held.open();
    await waitFor(async () => (answers.length > answered ? true : undefined), 20_000, "the stopped call's answer");
    expect(answers[answered].text).toContain("StaleDispatchError");
    const [done] = await finishedRuns(t.db, "test-app-held");
    expect(done.status).toBe("COMPLETED");
    expect([calls["held-a"], calls["held-b"], calls["held-c"]]).toEqual([1, 2, 1]);
    const steps = await stepsOf(t.db, run.id);
    expect(Object.entries(steps).map(([k, s]) => [k, s.seq, s.attempts])).toEqual([["a", 1, 1], ["b", 2, 1], ["c", 3, 1]]); // b re-ran at attempt 0
    expect(await t.db.execQueueItem.count({ where: { runId: run.id } })).toBe(0);
  });

  it("stops a checkpointing call when its run is cancelled: no step runs after the cancel", async () => {
    await h.executor.send([{ name: "t/cancellable", data: {} }]);
    await cancelGate.hit;
    const run = await waitFor(async () => (await t.db.execRun.findFirst({ where: { functionId: "test-app-cancellable" } })) ?? undefined);
    const res = await fetch(`${h.executor.url}/v1/runs/${run.id}`, { method: "DELETE", headers: { authorization: `Bearer ${h.keys.signingKey}` } });
    expect(res.status).toBe(200);
    const answered = answers.length;
    cancelGate.open();
    await waitFor(async () => (answers.length > answered ? true : undefined), 20_000, "the stopped call's answer");
    const [done] = await finishedRuns(t.db, "test-app-cancellable");
    expect(done.status).toBe("CANCELLED");
    expect(calls["cancellable-b"]).toBeUndefined();
    expect(await t.db.execStep.count({ where: { runId: run.id } })).toBe(0); // a's result came after the cancel
  });
});

describe("checkpointing off", () => {
  it("makes one call per step, as without ctx.fn_id", async () => {
    const t2 = await createTestDb();
    const h2 = await startHarness(t2, { checkpointing: false });
    try {
      const seen: (string | undefined)[] = [];
      await h2.serve(
        [
          h2.client.createFunction({ id: "chain", triggers: [{ event: "t/chain" }] }, async ({ step }) => {
            let n = 0;
            for (let i = 0; i < 3; i++) n = await step.run(`s${i}`, () => n + 1);
            return n;
          }),
        ],
        (hs) => ({ GET: hs.GET, PUT: hs.PUT, POST: async (req) => (seen.push(((await req.clone().json()) as { ctx: { fn_id?: string } }).ctx.fn_id), hs.POST(req)) }),
      );
      await h2.executor.send([{ name: "t/chain", data: {} }]);
      const [run] = await finishedRuns(t2.db, "test-app-chain");
      expect([run.status, JSON.parse(run.output!), run.attempts]).toEqual(["COMPLETED", 3, 4]);
      expect(seen).toEqual([undefined, undefined, undefined, undefined]);
    } finally {
      await h2.close();
      await t2.cleanup();
    }
  });
});
