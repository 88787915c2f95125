import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { unsubscribeToken } from "@/server/features/drafting/compose-email";
import { useGlobalDb } from "@/server/testing/global-db";
import { rb2bCompanyOnly, rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { seedDrafts } from "@/server/testing/send-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { fingerprint, hostile, malformedBody } from "./support/fuzz";

/**
 * Bad input, every webhook route (RB2B, Clay callback, GHL events, one-click unsubscribe), called
 * through its real handler with fast-check-generated requests: malformed JSON, valid payloads with
 * fields swapped for wrong types / huge / odd-unicode values, dropped and extra keys, replays of
 * accepted deliveries, wrong or missing secrets. For EVERY case: no 5xx; a 4xx says why (a JSON
 * `error`, or the unsubscribe route's plain-text line); a refused request leaves every table's
 * row count unchanged; a replay changes nothing. At the end: no partial rows (every delivery has
 * its visitor and page view). 4,000 cases here, the rest of the 10,000 in fuzz-trpc.
 */
vi.mock("@/inngest/client", () => ({ inngest: { send: async () => ({ ids: ["x"] }) } }));

const RB2B_TOKEN = "fuzz-rb2b-token-0123456789";
const CLAY_SECRET = "fuzz-clay-secret-0123456789";
const GHL_SECRET = "fuzz-ghl-secret-0123456789";
Object.assign(process.env, { RB2B_WEBHOOK_TOKEN: RB2B_TOKEN, CLAY_CALLBACK_SECRET: CLAY_SECRET, GHL_WEBHOOK_SECRET: GHL_SECRET });
delete process.env.GHL_WEBHOOK_PUBLIC_KEY;
resetEnvForTests();
const rb2b = (await import("@/app/api/webhooks/rb2b/route")).POST;
const clay = (await import("@/app/api/webhooks/clay/route")).POST;
const ghl = (await import("@/app/api/webhooks/ghl/route")).POST;
const unsub = (await import("@/app/api/unsubscribe/route")).POST;

let t: TestDb;
let cases = 0;
beforeAll(async () => {
  t = await createTestDb();
  useGlobalDb(t.db);
});
afterAll(async () => {
  console.log(`webhook fuzz: ${cases} generated requests`);
  await t.cleanup();
});

/** A field of `base` replaced by hostile values, some dropped, maybe an extra key. */
function mutated(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc.record({
    replace: fc.dictionary(fc.constantFrom(...keys), hostile, { maxKeys: 3 }),
    drop: fc.subarray(keys, { maxLength: 2 }),
    extra: fc.option(fc.tuple(fc.string({ maxLength: 20 }), hostile), { freq: 4 }),
  }).map(({ replace, drop, extra }) => {
    const out: Record<string, unknown> = { ...base, ...replace };
    for (const k of drop) delete out[k];
    if (extra) out[extra[0]] = extra[1];
    return out;
  });
}

type Body = { kind: "json"; value: unknown } | { kind: "raw"; value: string };
const bodyText = (b: Body) => (b.kind === "raw" ? b.value : JSON.stringify(b.value));

/** Sends one case and checks the contract; returns the response status. */
async function check(label: string, send: () => Promise<Response>, opts: { textError?: boolean } = {}): Promise<number> {
  cases++;
  const before = await fingerprint(t.db);
  const res = await send();
  const text = await res.text();
  expect(res.status, `${label}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) {
    if (opts.textError) expect(text.trim().length).toBeGreaterThan(0);
    else expect((JSON.parse(text) as { error?: unknown }).error, `${label}: ${text.slice(0, 200)}`).toEqual(expect.stringMatching(/\S/));
    expect(await fingerprint(t.db), `${label}: a refused request changed rows`).toEqual(before);
  }
  return res.status;
}

describe("webhook routes under generated bad input", () => {
  it("RB2B: 1,500 cases, then no partial rows", async () => {
    const accepted: string[] = [];
    const body: fc.Arbitrary<Body> = fc.oneof(
      { weight: 5, arbitrary: fc.oneof(mutated(rb2bPerson()), mutated(rb2bCompanyOnly())).map((value) => ({ kind: "json" as const, value })) },
      { weight: 2, arbitrary: malformedBody.map((value) => ({ kind: "raw" as const, value })) },
      { weight: 1, arbitrary: fc.nat(1000).map((n) => ({ kind: "json" as const, value: rb2bPerson({ "LinkedIn URL": `https://www.linkedin.com/in/fuzz-${n}/`, "Seen At": new Date(Date.UTC(2026, 10, 1) + n * 60_000).toISOString() }) })) },
    );
    const token = fc.oneof({ weight: 8, arbitrary: fc.constant(RB2B_TOKEN) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: fc.constant(`${RB2B_TOKEN}x`) });
    await fc.assert(fc.asyncProperty(body, token, fc.boolean(), async (b, tok, replay) => {
      const text = replay && accepted.length ? accepted[accepted.length - 1] : bodyText(b);
      const url = `http://localhost/api/webhooks/rb2b?token=${encodeURIComponent(tok)}`;
      const before = await fingerprint(t.db);
      const status = await check("rb2b", () => rb2b(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: text })));
      if (status === 200 && tok === RB2B_TOKEN) {
        if (accepted.includes(text)) expect(await fingerprint(t.db), "a replay changed rows").toEqual(before);
        else accepted.push(text);
      }
      if (tok !== RB2B_TOKEN) expect(status).toBe(401);
    }), { numRuns: 1_500 });
    // No partial rows: every stored delivery has its visitor and exactly one page view.
    const [d] = await t.db.$queryRawUnsafe<{ orphan: number | bigint; deliveries: number | bigint; views: number | bigint }[]>(
      `SELECT (SELECT count(*) FROM "WebhookDelivery" WHERE source = 'rb2b' AND "visitorId" IS NULL) AS orphan,
              (SELECT count(*) FROM "WebhookDelivery" WHERE source = 'rb2b') AS deliveries,
              (SELECT count(DISTINCT "deliveryId") FROM "PageView") AS views`);
    expect(Number(d.orphan)).toBe(0);
    expect(Number(d.views)).toBe(Number(d.deliveries));
    expect(Number(d.deliveries)).toBeGreaterThan(50); // not vacuous: plenty were valid
  }, 600_000);

  it("Clay callback: 800 cases against known and unknown request ids", async () => {
    const visitors = await seedDrafts(t.db, Array.from({ length: 20 }, (_, i) => ({ email: `clay${i}@fuzz.test` })), "clayfuzz");
    const drafts = await t.db.draft.findMany({ where: { id: { in: visitors } }, select: { visitorId: true } });
    const requests = await Promise.all(drafts.map((d) => t.db.enrichmentRequest.create({ data: { visitorId: d.visitorId }, select: { id: true } })));
    const ids = requests.map((r) => r.id);
    const valid = (requestId: string) => ({ requestId, status: "ok", data: { email: "new@fuzz.test", title: "CTO", companyName: "Fuzz", technologies: ["a", "b"], employeeCount: 40 } });
    const body: fc.Arbitrary<Body> = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ids, "unknown-request").chain((id) => mutated(valid(id))).map((value) => ({ kind: "json" as const, value })) },
      { weight: 1, arbitrary: fc.constantFrom(...ids).map((id) => ({ kind: "json" as const, value: valid(id) })) },
      { weight: 1, arbitrary: fc.record({ data: mutated(valid("x").data), requestId: fc.constantFrom(...ids) }).map((value) => ({ kind: "json" as const, value })) },
      { weight: 2, arbitrary: malformedBody.map((value) => ({ kind: "raw" as const, value })) },
    );
    const secret = fc.oneof({ weight: 8, arbitrary: fc.constant<string | null>(CLAY_SECRET) }, { weight: 1, arbitrary: fc.constant<string | null>(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });
    await fc.assert(fc.asyncProperty(body, secret, async (b, sec) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (sec !== null) headers["x-clay-callback-secret"] = sec;
      const status = await check("clay", () => clay(new Request("http://localhost/api/webhooks/clay", { method: "POST", headers, body: bodyText(b) })));
      if (sec !== CLAY_SECRET) expect(status).toBe(401);
    }), { numRuns: 800 });
    expect(await t.db.enrichmentRequest.count({ where: { status: { not: "PENDING" } } })).toBeGreaterThan(0);
  }, 600_000);

  it("GHL events: 1,200 cases of every handled type, replays and unknown types", async () => {
    const samples: Record<string, unknown>[] = [
      { type: "InboundMessage", messageId: "m1", contactId: "c_fuzz1", direction: "inbound", messageType: "Email", subject: "Re: hi", body: "Sounds good, call me" },
      { type: "LCEmailStats", messageId: "msg_1", contactId: "c_fuzz1", webhookPayload: { id: "ev1", event: "opened", recipient: "a@b.test", timestamp: 1_764_000_000 } },
      { type: "AppointmentCreate", appointment: { id: "ap1", contactId: "c_fuzz1", appointmentStatus: "confirmed", startTime: "2026-12-01T10:00:00Z" } },
      { type: "OpportunityMonetaryValueUpdate", id: "op1", contactId: "c_fuzz1", monetaryValue: 1200 },
      { type: "ContactCreate", id: "x" },
    ];
    const body: fc.Arbitrary<Body> = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...samples).chain((s) => mutated(s)).map((value) => ({ kind: "json" as const, value })) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...samples), fc.nat(50)).map(([s, n]) => ({ kind: "json" as const, value: { ...s, webhookId: `wh-${n}` } })) },
      { weight: 2, arbitrary: malformedBody.map((value) => ({ kind: "raw" as const, value })) },
    );
    const secret = fc.oneof({ weight: 8, arbitrary: fc.constant<string | null>(GHL_SECRET) }, { weight: 1, arbitrary: fc.constant<string | null>(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) });
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(body, secret, async (b, sec) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (sec !== null) headers["x-ghl-webhook-secret"] = sec;
      const text = bodyText(b);
      const before = await fingerprint(t.db);
      const status = await check("ghl", () => ghl(new Request("http://localhost/api/webhooks/ghl", { method: "POST", headers, body: text })));
      if (sec !== GHL_SECRET) expect(status).toBe(401);
      else if (status === 200 && b.kind === "json" && typeof (b.value as { webhookId?: unknown }).webhookId === "string") {
        // A redelivery of an event id already processed changes nothing.
        if (seen.has(text)) expect(await fingerprint(t.db)).toEqual(before);
        seen.add(text);
      }
    }), { numRuns: 1_200 });
  }, 600_000);

  it("one-click unsubscribe: 500 cases of altered, foreign, reused and malformed links", async () => {
    const ids = await seedDrafts(t.db, Array.from({ length: 10 }, (_, i) => ({ email: `unsub${i}@fuzz.test`, status: "PENDING_REVIEW" })), "unsubfuzz");
    const visitorIds = (await t.db.draft.findMany({ where: { id: { in: ids } }, select: { visitorId: true } })).map((d) => d.visitorId);
    const link = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...visitorIds).map((c) => ({ c, t: unsubscribeToken(c), valid: true })) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...visitorIds), fc.nat(42), fc.string({ minLength: 1, maxLength: 2 })).map(([c, at, s]) => {
        const tok = unsubscribeToken(c);
        const altered = tok.slice(0, at) + s + tok.slice(at + s.length);
        return { c, t: altered, valid: altered === tok };
      }) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...visitorIds), fc.constantFrom(...visitorIds)).map(([a, b]) => ({ c: a, t: unsubscribeToken(b), valid: a === b })) },
      { weight: 1, arbitrary: fc.tuple(fc.string(), fc.string()).map(([c, tk]) => ({ c, t: tk, valid: false })) },
    );
    const where = fc.constantFrom("query", "form");
    await fc.assert(fc.asyncProperty(link, where, malformedBody, async (l, w, junk) => {
      const q = new URLSearchParams({ c: l.c, t: l.t });
      const url = w === "query" ? `http://localhost/api/unsubscribe?${q}` : "http://localhost/api/unsubscribe";
      const body = w === "query" ? "List-Unsubscribe=One-Click" : `${q}&${encodeURIComponent(junk)}`;
      const before = await fingerprint(t.db);
      const status = await check("unsubscribe", () => unsub(new Request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body })), { textError: true });
      const tooLarge = Buffer.byteLength(body) > 4 * 1024;
      expect(status).toBe(tooLarge ? 413 : l.valid ? 200 : 400);
      if (l.valid && !tooLarge) {
        // Reusing a link is harmless: the suppression and the dropped drafts are not touched again.
        const after = await fingerprint(t.db);
        expect(after.Suppression - before.Suppression).toBeLessThanOrEqual(1);
        expect(after.Draft).toBe(before.Draft);
      }
    }), { numRuns: 500 });
    expect(await t.db.suppression.count()).toBeGreaterThan(0);
    // An oversized body is refused before it is read in full.
    const status = await check("unsubscribe oversized", () => unsub(new Request("http://localhost/api/unsubscribe", { method: "POST", body: `c=${visitorIds[0]}&t=${"x".repeat(50_000)}` })), { textError: true });
    expect(status).toBe(413);
  }, 600_000);
});
