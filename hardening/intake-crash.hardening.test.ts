import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { rb2bPerson } from "@/server/testing/rb2b-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { freePort, hasProductionBuild, startEventSink, startNextApp, type NextApp } from "@/bench/support/next-app";

/**
 * Crash safety of the intake, on the production build: `next start` takes RB2B webhooks from 12
 * concurrent senders and is killed with SIGKILL (the whole process group, mid-request) three
 * times, restarted each time on the same database. Every delivery that was answered 200 must be
 * in the database after the restart — visitor, page view and raw delivery, no partial rows — and
 * the restarted app must recognise it (a redelivery is a duplicate). The database passes SQLite's
 * integrity check. Needs the production build (`npx next build`; scripts/test-all.sh builds first).
 */
const TOKEN = "crash-rb2b-token-0123456789";
const KILLS = 3;
const SENDERS = 12;

let t: TestDb;
let sink: Awaited<ReturnType<typeof startEventSink>>;
let app: NextApp | undefined;

beforeAll(async () => {
  if (!hasProductionBuild()) throw new Error("No production build: run `npx next build` first (scripts/test-all.sh does)");
  t = await createTestDb();
  await t.db.$disconnect();
  sink = await startEventSink();
}, 60_000);
afterAll(async () => {
  await app?.kill();
  await sink?.close();
  await t?.cleanup().catch(() => undefined);
});

const payload = (n: number) => rb2bPerson({
  "LinkedIn URL": `https://www.linkedin.com/in/crash-${n}/`,
  "Business Email": `crash${n}@crash-${n % 37}.test`,
  "Seen At": new Date(Date.UTC(2026, 10, 24, 8) + n * 1000).toISOString(),
  "Captured URL": `https://caio-swarm.example/pricing?v=${n}`,
});

it(`every webhook answered 200 survives ${KILLS} kill -9 of the app under load`, async () => {
  const port = await freePort();
  const env = {
    DATABASE_URL: t.url, NEXTAUTH_SECRET: "crash-secret-crash-secret-crash-secret-0", NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    RB2B_WEBHOOK_TOKEN: TOKEN, INNGEST_BASE_URL: sink.url, INNGEST_EVENT_KEY: "crash-event-key", INNGEST_SIGNING_KEY: "signkey-crash-0123456789abcdef0123456789abcdef", INNGEST_DEV: "0",
  };
  const acked = new Set<number>();
  let next = 0;
  let inFlightAtKill = 0;
  for (let round = 0; round < KILLS; round++) {
    app = await startNextApp(env, { port, timeoutMs: 120_000 });
    let alive = true;
    let inFlight = 0;
    const url = `${app.url}/api/webhooks/rb2b?token=${TOKEN}`;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (alive) {
        const n = next++;
        inFlight++;
        try {
          const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload(n)), signal: AbortSignal.timeout(30_000) });
          const body = (await res.json()) as { ok?: boolean };
          if (res.status === 200 && body.ok) acked.add(n);
          else throw new Error(`unexpected answer ${res.status} ${JSON.stringify(body)}`);
        } catch (e) {
          if (alive) throw e; // only the kill may break a request
        } finally {
          inFlight--;
        }
      }
    });
    // Kill mid-stream: after this round's first acknowledgements, at a random moment.
    const ackedBefore = acked.size;
    for (let i = 0; i < 600 && acked.size < ackedBefore + 30; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
    alive = false;
    inFlightAtKill += inFlight;
    await app.kill();
    await Promise.all(senders);
  }
  expect(acked.size).toBeGreaterThanOrEqual(30); // not vacuous (the waits above aim at 30 a round)
  expect(inFlightAtKill).toBeGreaterThan(0); // the kills did land mid-request

  // Restart: every acknowledged delivery is there, whole, and the app knows it.
  app = await startNextApp(env, { port, timeoutMs: 120_000 });
  const raw = new Database(t.file, { readonly: true });
  try {
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    const urls = new Set((raw.prepare(`SELECT url FROM "PageView"`).all() as { url: string }[]).map((r) => r.url));
    const missing = [...acked].filter((n) => !urls.has(`https://caio-swarm.example/pricing?v=${n}`));
    expect(missing).toEqual([]);
    const identities = new Set((raw.prepare(`SELECT "identityKey" FROM "Visitor"`).all() as { identityKey: string }[]).map((r) => r.identityKey));
    expect([...acked].filter((n) => !identities.has(`li:linkedin.com/in/crash-${n}`))).toEqual([]);
    const partial = raw.prepare(`SELECT count(*) AS n FROM "WebhookDelivery" d WHERE d."visitorId" IS NULL OR NOT EXISTS (SELECT 1 FROM "PageView" p WHERE p."deliveryId" = d.id)`).get() as { n: number };
    expect(partial.n).toBe(0);
  } finally {
    raw.close();
  }
  const sample = [...acked].filter((_, i) => i % Math.max(1, Math.floor(acked.size / 20)) === 0);
  for (const n of sample) {
    const res = await fetch(`${app.url}/api/webhooks/rb2b?token=${TOKEN}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload(n)) });
    expect(await res.json()).toEqual({ ok: true, duplicate: true });
  }
  console.log(`intake crash: ${KILLS} kill -9 under load, ${acked.size} deliveries acknowledged, all stored; ${inFlightAtKill} requests in flight at the kills`);
}, 600_000);
