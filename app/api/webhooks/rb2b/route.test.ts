import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { useGlobalDb } from "@/server/testing/global-db";
import { rb2bCompanyOnly, rb2bPerson } from "@/server/testing/rb2b-fixtures";

const sent: unknown[] = [];
let sendCalls = 0;
let sendFails = false;
/** While set, inngest.send waits for it: a batch held in flight. */
let sendGate: Promise<void> | undefined;
vi.mock("@/inngest/client", () => ({
  inngest: {
    send: async (e: unknown) => {
      sendCalls++;
      if (sendGate) await sendGate;
      if (sendFails) throw new Error("executor unreachable");
      sent.push(...(Array.isArray(e) ? e : [e]));
      return { ids: ["x"] };
    },
  },
}));

// The route sends its events after answering (Next's `after`); here the deferred work is kept so
// a test can wait for it, as Next keeps the request alive until it is done.
const deferred: Promise<unknown>[] = [];
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: unknown) => {
    deferred.push(typeof task === "function" ? (task as () => Promise<unknown>)() : Promise.resolve(task));
  },
}));
/** Waits for the work the route deferred until after its answer (the event sends). */
async function afterResponses() {
  while (deferred.length) await Promise.all(deferred.splice(0));
}

process.env.RB2B_WEBHOOK_TOKEN = "test-rb2b-token-123";
const { POST } = await import("./route");

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
});
afterAll(() => t.cleanup());
beforeEach(() => {
  sent.length = 0;
  sendCalls = 0;
  sendFails = false;
  sendGate = undefined;
});

const URL_OK = "http://localhost/api/webhooks/rb2b?token=test-rb2b-token-123";
/** Posts a delivery and waits for what the route does after answering (the event send). */
async function post(body: unknown, url = URL_OK, headers: Record<string, string> = {}) {
  const res = await POST(new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) }));
  await afterResponses();
  return res;
}
async function counts() {
  const [deliveries, visitors, pageViews] = await Promise.all([t.db.webhookDelivery.count(), t.db.visitor.count(), t.db.pageView.count()]);
  return { deliveries, visitors, pageViews };
}

describe("POST /api/webhooks/rb2b", () => {
  it("stores a realistic delivery as raw payload + visitor + page view and emits visitor/identified", async () => {
    const before = await counts();
    const res = await post(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/first-test/" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, repeat: false });
    expect(await counts()).toEqual({ deliveries: before.deliveries + 1, visitors: before.visitors + 1, pageViews: before.pageViews + 1 });
    const v = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "li:linkedin.com/in/first-test" } });
    expect(v).toMatchObject({ firstName: "Jordan", companyDomain: "acme-analytics.com", employeeCountMin: 51, employeeCountMax: 200, visitCount: 1, isCompanyOnly: false });
    expect(JSON.parse(v.tags)).toEqual(["Hot Pages", "Hot Leads"]);
    expect(sent).toHaveLength(1);
    const e = sent[0] as { name: string; data: { visitorId: string; repeat: boolean }; id: string };
    expect(e).toMatchObject({ name: "visitor/identified", data: { visitorId: v.id, repeat: false } });
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { visitorId: v.id } });
    expect(d.emittedAt).not.toBeNull();
    expect(e.id).toBe(`rb2b-${d.id}`);
  });

  it.each([
    ["missing token", "http://localhost/api/webhooks/rb2b"],
    ["wrong token", "http://localhost/api/webhooks/rb2b?token=nope"],
    ["token prefix", "http://localhost/api/webhooks/rb2b?token=test-rb2b-token-12"],
    ["empty token", "http://localhost/api/webhooks/rb2b?token="],
  ])("%s: 401 and nothing stored", async (_, url) => {
    const before = await counts();
    const res = await post(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/unauth/" }), url);
    expect(res.status).toBe(401);
    expect(await counts()).toEqual(before);
    expect(sent).toHaveLength(0);
  });

  it("oversized body: 413 (declared or streamed) and nothing stored", async () => {
    const before = await counts();
    const big = rb2bPerson({ Title: "x".repeat(70 * 1024) });
    expect((await post(big)).status).toBe(413);
    // no content-length: the streamed read must still stop at the cap
    const stream = new ReadableStream({ start(c) { for (let i = 0; i < 80; i++) c.enqueue(new TextEncoder().encode("x".repeat(1024))); c.close(); } });
    const res = await POST(new Request(URL_OK, { method: "POST", body: stream, duplex: "half" } as RequestInit));
    expect(res.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  it.each([["{not json", "not valid JSON"], ["[1,2]", "JSON object"], ["null", "JSON object"], ["", "not valid JSON"]])("malformed body %j: 400", async (body, msg) => {
    const before = await counts();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toContain(msg);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ "Captured URL": undefined }, "Captured URL", "is required"],
    [{ "Captured URL": "javascript:alert(1)" }, "Captured URL", "http(s) URL"],
    [{ "Seen At": undefined }, "Seen At", "is required"],
    [{ "Seen At": "yesterday" }, "Seen At", "ISO-8601"],
    [{ "Business Email": "not-an-email" }, "Business Email", "e-mail"],
    [{ "Employee Count": "lots" }, "Employee Count", "range"],
    [{ "Employee Count": -3 }, "Employee Count", "range"],
    [{ "LinkedIn URL": null, "Business Email": null, Website: null, "Company Name": null, "First Name": null, "Last Name": null }, "LinkedIn URL", "one of"],
  ])("invalid %o: 400 naming %s, nothing stored", async (patch, field, msg) => {
    const before = await counts();
    const res = await post(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/invalid/", ...patch }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.field).toBe(field);
    expect(body.error).toContain(field);
    expect(body.error).toContain(msg);
    expect(await counts()).toEqual(before);
    expect(sent).toHaveLength(0);
  });

  it("exact duplicate (even with keys reordered): 200, nothing changes, no second event", async () => {
    const payload = rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/dup-test/" });
    expect((await post(payload)).status).toBe(200);
    const before = await counts();
    const visitorBefore = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "li:linkedin.com/in/dup-test" } });
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    for (const p of [payload, reordered]) {
      const res = await post(p);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, duplicate: true });
    }
    expect(await counts()).toEqual(before);
    expect(await t.db.visitor.findUniqueOrThrow({ where: { id: visitorBefore.id } })).toEqual(visitorBefore);
    expect(sent).toHaveLength(1);
  });

  it("concurrent identical deliveries store exactly one", async () => {
    const payload = rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/race-test/" });
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(payload)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await counts()).toEqual({ deliveries: before.deliveries + 1, visitors: before.visitors + 1, pageViews: before.pageViews + 1 });
  });

  it("repeat visit by the same person adds a page view to the same visitor", async () => {
    const li = "https://www.linkedin.com/in/repeat-test/";
    await post(rb2bPerson({ "LinkedIn URL": li }));
    const before = await counts();
    const res = await post(rb2bPerson({ "LinkedIn URL": `${li}?utm=x`, "Captured URL": "https://caio-swarm.example/case-studies", "Seen At": "2026-11-25T09:00:00Z", Title: "SVP Revenue" }));
    expect(await res.json()).toEqual({ ok: true, repeat: true });
    expect(await counts()).toEqual({ deliveries: before.deliveries + 1, visitors: before.visitors, pageViews: before.pageViews + 1 });
    const v = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "li:linkedin.com/in/repeat-test" }, select: { visitCount: true, title: true, lastSeenAt: true, _count: { select: { pageViews: true } } } });
    expect(v).toMatchObject({ visitCount: 2, title: "SVP Revenue", _count: { pageViews: 2 } });
    expect(v.lastSeenAt.toISOString()).toBe("2026-11-25T09:00:00.000Z");
    expect((sent.at(-1) as { data: { repeat: boolean } }).data.repeat).toBe(true);
  });

  it("company-only profile is stored as company-only", async () => {
    const res = await post(rb2bCompanyOnly());
    expect(res.status).toBe(200);
    const v = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "company:globex.example" } });
    expect(v).toMatchObject({ isCompanyOnly: true, employeeCountMin: 10001, employeeCountMax: null, firstName: null });
  });

  it("accepts RB2B's own malformed 'Seen At' sample and numeric Employee Count", async () => {
    const res = await post(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/sample-date/", "Seen At": "2024-01-01T12:34:56:00.00+00.00", "Employee Count": 60 }));
    expect(res.status).toBe(200);
    const v = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "li:linkedin.com/in/sample-date" } });
    expect(v.firstSeenAt.toISOString()).toBe("2024-01-01T12:34:56.000Z");
    expect([v.employeeCountMin, v.employeeCountMax]).toEqual([60, 60]);
  });

  it("answers once the delivery is durable; its event is sent after the answer", async () => {
    const res = await POST(new Request(URL_OK, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/answer-first/" })) }));
    expect(res.status).toBe(200);
    const v = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "li:linkedin.com/in/answer-first" } });
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { visitorId: v.id } });
    expect(sent).toHaveLength(0);
    expect(d.emittedAt).toBeNull();
    await afterResponses();
    expect((sent as { id: string }[]).map((e) => e.id)).toEqual([`rb2b-${d.id}`]);
    expect((await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).emittedAt).not.toBeNull();
  });

  it("deliveries arriving together share an inngest.send: every event goes out with its own id and every delivery is marked emitted", async () => {
    const n = 12;
    const responses = await Promise.all(Array.from({ length: n }, (_, i) => post(rb2bPerson({ "LinkedIn URL": `https://www.linkedin.com/in/together-${i}/` }))));
    expect(responses.map((r) => r.status)).toEqual(Array(n).fill(200));
    const deliveries = await t.db.webhookDelivery.findMany({ where: { visitor: { identityKey: { startsWith: "li:linkedin.com/in/together-" } } } });
    expect(deliveries).toHaveLength(n);
    expect(deliveries.every((d) => d.emittedAt !== null && d.emitAttempts === 1)).toBe(true);
    expect((sent as { id: string }[]).map((e) => e.id).sort()).toEqual(deliveries.map((d) => `rb2b-${d.id}`).sort());
    expect(sendCalls).toBeLessThan(n);
  });

  it("a delivery stored while a batch is being sent goes out with the next batch; both batches are recorded", async () => {
    let open!: () => void;
    sendGate = new Promise<void>((r) => (open = r));
    const req = (slug: string) => new Request(URL_OK, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(rb2bPerson({ "LinkedIn URL": `https://www.linkedin.com/in/${slug}/` })) });
    expect((await POST(req("in-flight-a"))).status).toBe(200);
    await vi.waitFor(() => expect(sendCalls).toBe(1)); // a's batch is waiting in inngest.send
    expect((await POST(req("in-flight-b"))).status).toBe(200);
    open();
    sendGate = undefined;
    await afterResponses();
    const rows = () => t.db.webhookDelivery.findMany({ where: { visitor: { identityKey: { startsWith: "li:linkedin.com/in/in-flight-" } } } });
    await vi.waitFor(async () => expect((await rows()).every((d) => d.emittedAt !== null)).toBe(true));
    expect(await rows()).toHaveLength(2);
    expect(sendCalls).toBe(2);
  });

  it("a stored delivery whose event cannot even be built is still answered 200 and left unemitted for the sweep", async () => {
    const { visitorIdentified } = await import("@/inngest/events");
    const create = vi.spyOn(visitorIdentified, "create").mockImplementationOnce(() => {
      throw new Error("bad event");
    });
    try {
      const res = await post(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/event-unbuilt/" }));
      expect(res.status).toBe(200);
      const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { visitor: { identityKey: "li:linkedin.com/in/event-unbuilt" } } });
      expect(d).toMatchObject({ emittedAt: null, emitAttempts: 0 });
      expect(sendCalls).toBe(0);
    } finally {
      create.mockRestore();
    }
  });

  it("when a batch cannot be sent every delivery in it stays stored and is flagged for re-emit", async () => {
    sendFails = true;
    const responses = await Promise.all([0, 1, 2].map((i) => post(rb2bPerson({ "LinkedIn URL": `https://www.linkedin.com/in/batch-fail-${i}/` }))));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const ds = await t.db.webhookDelivery.findMany({ where: { visitor: { identityKey: { startsWith: "li:linkedin.com/in/batch-fail-" } } } });
    expect(ds.map((d) => [d.emittedAt, d.emitAttempts])).toEqual([[null, 1], [null, 1], [null, 1]]);
    expect(sendCalls).toBe(1);
  });

  it("when the event cannot be sent the delivery is still stored (200) and flagged for re-emit; the sweep re-emits it", async () => {
    sendFails = true;
    const res = await post(rb2bPerson({ "LinkedIn URL": "https://www.linkedin.com/in/emit-fail/" }));
    expect(res.status).toBe(200);
    const v = await t.db.visitor.findUniqueOrThrow({ where: { identityKey: "li:linkedin.com/in/emit-fail" } });
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { visitorId: v.id } });
    expect(d).toMatchObject({ emittedAt: null, emitAttempts: 1 });

    const { reemitPending } = await import("@/server/features/visitors/visitors.service");
    const emitted: unknown[] = [];
    const later = new Date(Date.now() + 60_000);
    const r = await reemitPending(t.db, { emit: async (e) => { emitted.push(e); }, now: later });
    expect(r.emitted).toBeGreaterThanOrEqual(1);
    expect(emitted).toContainEqual({ visitorId: v.id, deliveryId: d.id, repeat: false });
    expect((await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } })).emittedAt).not.toBeNull();
    // a second sweep finds nothing left
    expect((await reemitPending(t.db, { emit: async () => undefined, now: later })).found).toBe(0);
  });
});
