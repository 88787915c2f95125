import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { signRequest, signText } from "./signing";
import { startExecutor, type RunningExecutor } from "./index";
import { hostApp } from "./testing/app-host";
import { generateKeys, startHarness, type Harness } from "./testing/harness";
import { finishedRuns } from "./testing/runs";

// Bad input on every boundary: the event API, the app endpoint, the sync, and an app that
// answers garbage. Each gets a clear error and leaves the queue consistent.
let t: TestDb;
let h: Harness;

beforeAll(async () => {
  t = await createTestDb();
  h = await startHarness(t);
  await h.serve([h.client.createFunction({ id: "ok", triggers: [{ event: "t/ok" }] }, async ({ step }) => step.run("s", () => "fine"))]);
});
afterAll(async () => {
  await h?.close();
  await t?.cleanup();
});

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

describe("event API", () => {
  it("accepts a valid event with {ids, status: 200}", async () => {
    const res = await post(`${h.executor.url}/e/${h.keys.eventKey}`, JSON.stringify({ name: "t/ok", data: {} }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe(200);
    expect(body.ids).toHaveLength(1);
  });

  it("rejects invalid JSON, a bad event shape, a reserved name, and an unknown event key", async () => {
    const external = { where: { NOT: { name: { startsWith: "inngest/" } } } };
    const before = await t.db.execEvent.count(external);
    const bad = await post(`${h.executor.url}/e/${h.keys.eventKey}`, "{not json");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/not valid JSON/);
    const shape = await post(`${h.executor.url}/e/${h.keys.eventKey}`, JSON.stringify({ data: {} }));
    expect(shape.status).toBe(400);
    expect((await shape.json()).error).toMatch(/name/);
    const reserved = await post(`${h.executor.url}/e/${h.keys.eventKey}`, JSON.stringify({ name: "inngest/function.failed" }));
    expect(reserved.status).toBe(400);
    const key = await post(`${h.executor.url}/e/wrong-key`, JSON.stringify({ name: "t/ok" }));
    expect(key.status).toBe(401);
    expect((await key.json()).error).toMatch(/event key/);
    expect(await t.db.execEvent.count(external)).toBe(before);
  });

  it("caps the body size", async () => {
    const res = await post(`${h.executor.url}/e/${h.keys.eventKey}`, JSON.stringify({ name: "t/ok", data: { x: "y".repeat(600_000) } }));
    expect(res.status).toBe(413);
  });
});

describe("app endpoint and admin API security", () => {
  const body = { event: { name: "t/ok", data: {} }, events: [], steps: {}, ctx: { run_id: "r", attempt: 0, stack: { stack: [], current: 0 } } };
  it("the app refuses unsigned and badly signed calls", async () => {
    const url = `${h.appUrl}?fnId=test-app-ok&stepId=step`;
    expect((await post(url, JSON.stringify(body))).status).toBe(401);
    const wrong = signRequest(body, generateKeys().signingKey);
    expect((await post(url, JSON.stringify(body), { "x-inngest-signature": wrong })).status).toBe(401);
    const right = signRequest(body, h.keys.signingKey);
    expect((await post(url, JSON.stringify(body), { "x-inngest-signature": right })).status).toBe(206);
  });

  it("the executor's sync and cancel endpoints need the signing key", async () => {
    expect((await fetch(`${h.executor.url}/sync`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${h.executor.url}/v1/runs/X`, { method: "DELETE", headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const ok = await fetch(`${h.executor.url}/sync`, { method: "POST", headers: { authorization: `Bearer ${h.keys.signingKey}` } });
    expect(ok.status).toBe(200);
  });
});

describe("sync", () => {
  it("rejects a config using unsupported features, naming function and feature, keeping the last sync", async () => {
    const fn = h.client.createFunction({ id: "throttled", throttle: { limit: 1, period: "1s" }, triggers: [{ event: "t/x" }] }, async () => null);
    const dbn = h.client.createFunction({ id: "debounced", debounce: { period: "1s" }, triggers: [{ event: "t/x" }] }, async () => null);
    await expect(h.serve([fn, dbn])).rejects.toThrow(/function test-app-throttled: uses throttling.*\n.*function test-app-debounced: uses debounce/s);
    expect((await t.db.execFunction.findMany()).map((f) => f.id)).toEqual(["test-app-ok"]);
  });
});

describe("an app answering garbage", () => {
  // Its own database: a second executor on the same queue would (rightly) fail runs of
  // functions it does not know.
  let g: TestDb;
  let ex: RunningExecutor;
  let fake: Awaited<ReturnType<typeof hostApp>>;
  let mode: "unsigned" | "not-json" | "bad-ops" = "unsigned";
  beforeAll(async () => {
    fake = await hostApp();
    const keys = generateKeys();
    const sign = (text: string) => signText(text, keys.signingKey);
    const config = { id: "fake-garbage", name: "garbage", triggers: [{ event: "t/garbage" }], steps: { step: { id: "step", name: "step", runtime: { type: "http", url: `${fake.url}?fnId=fake-garbage&stepId=step` }, retries: { attempts: 1 } } } };
    fake.setHandlers({
      GET: () => new Response("{}"),
      PUT: () => {
        const text = JSON.stringify({ app_id: "fake", functions: [config] });
        return new Response(text, { headers: { "x-inngest-sync-kind": "in_band", "x-inngest-signature": sign(text) } });
      },
      POST: () => {
        if (mode === "unsigned") return new Response(JSON.stringify("done"), { status: 200 });
        if (mode === "not-json") return new Response("<html>oops", { status: 206, headers: { "x-inngest-signature": sign("<html>oops") } });
        const text = JSON.stringify([{ nope: true }]);
        return new Response(text, { status: 206, headers: { "x-inngest-signature": sign(text) } });
      },
    });
    g = await createTestDb();
    ex = await startExecutor({ databaseFile: g.file, appUrl: fake.url, port: 0, syncOnStart: false, backoffScale: 0.0005, pollMs: 20, cron: false, ...keys });
    await ex.sync();
  });
  afterAll(async () => {
    await ex?.stop();
    await fake?.close();
    await g?.cleanup();
  });

  it.each(["unsigned", "not-json", "bad-ops"] as const)("%s: retries, then fails the run with a clear error; queue stays clean", async (m) => {
    mode = m;
    const before = (await g.db.execRun.findMany({ where: { functionId: "fake-garbage" } })).length;
    await ex.send([{ name: "t/garbage", data: {} }]);
    const runs = await finishedRuns(g.db, "fake-garbage", before + 1);
    const run = runs[runs.length - 1];
    expect(run.status).toBe("FAILED");
    expect(run.attempts).toBe(2);
    const msg = JSON.parse(run.error!).message as string;
    expect(msg).toMatch({ unsigned: /signature verification \(missing/, "not-json": /not JSON/, "bad-ops": /valid op list/ }[m]);
    expect(await g.db.execQueueItem.count({ where: { runId: run.id } })).toBe(0);
  });
});
