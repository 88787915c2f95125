// The intake benchmark's baseline, in its own process like the app: a bare node:http server that
// does what the RB2B route must do and nothing else — constant-time token check, capped body, the
// same zod validation and normalisation, the same canonical-JSON dedupe key, and the same rows
// (visitor created or updated + delivery + page view, in the app's order) in one better-sqlite3 transaction with the
// app's pragmas (WAL, synchronous=FULL). No framework, no ORM, no event emit.
import http from "node:http";
import Database from "better-sqlite3";
import { ulid } from "@/server/db/ulid";
import { normalise, rb2bPayload } from "@/server/integrations/rb2b/rb2b.schemas";
import { dedupeKeyOf, RB2B_MAX_BODY_BYTES } from "@/server/features/visitors/visitors.service";
import { safeEqual } from "@/server/http/webhooks";

const file = process.env.BENCH_DB_FILE!;
const token = process.env.BENCH_TOKEN!;
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 10000");

const findDelivery = db.prepare(`SELECT id FROM WebhookDelivery WHERE source = 'rb2b' AND dedupeKey = ?`);
const insertDelivery = db.prepare(`INSERT INTO WebhookDelivery (id, source, dedupeKey, payload, receivedAt, emitAttempts, visitorId) VALUES (?, 'rb2b', ?, ?, ?, 0, ?)`);
const findVisitor = db.prepare(`SELECT id, tags, firstSeenAt, lastSeenAt FROM Visitor WHERE identityKey = ?`);
const insertVisitor = db.prepare(`INSERT INTO Visitor (id, identityKey, isCompanyOnly, email, firstName, lastName, title, linkedinUrl, companyName, companyDomain, website, industry,
  employeeCountMin, employeeCountMax, revenueEstimate, city, state, zipcode, tags, firstSeenAt, lastSeenAt, visitCount, createdAt, updatedAt)
  VALUES (@id, @identityKey, @isCompanyOnly, @email, @firstName, @lastName, @title, @linkedinUrl, @companyName, @companyDomain, @website, @industry,
  @employeeCountMin, @employeeCountMax, @revenueEstimate, @city, @state, @zipcode, @tags, @seenAt, @seenAt, 1, @now, @now)`);
const touchVisitor = db.prepare(`UPDATE Visitor SET tags = ?, visitCount = visitCount + 1, lastSeenAt = max(lastSeenAt, ?), updatedAt = ? WHERE id = ?`);
const insertPageView = db.prepare(`INSERT INTO PageView (id, visitorId, deliveryId, url, referrer, seenAt) VALUES (?, ?, ?, ?, ?, ?)`);

const store = db.transaction((dedupeKey: string, raw: string, v: ReturnType<typeof normalise>) => {
  const now = new Date().toISOString();
  if (findDelivery.get(dedupeKey)) return { duplicate: true, repeat: false };
  const seenAt = v.page.seenAt.toISOString();
  const existing = findVisitor.get(v.identityKey) as { id: string; tags: string } | undefined;
  let visitorId: string;
  if (existing) {
    const tags = [...new Set([...(JSON.parse(existing.tags) as string[]), ...v.tags])].slice(0, 100);
    touchVisitor.run(JSON.stringify(tags), seenAt, now, existing.id);
    visitorId = existing.id;
  } else {
    visitorId = ulid();
    insertVisitor.run({
      id: visitorId, identityKey: v.identityKey, isCompanyOnly: v.isCompanyOnly ? 1 : 0, email: v.email, firstName: v.firstName, lastName: v.lastName,
      title: v.title, linkedinUrl: v.linkedinUrl, companyName: v.companyName, companyDomain: v.companyDomain, website: v.website, industry: v.industry,
      employeeCountMin: v.employeeCountMin, employeeCountMax: v.employeeCountMax, revenueEstimate: v.revenueEstimate, city: v.city, state: v.state,
      zipcode: v.zipcode, tags: JSON.stringify(v.tags), seenAt, now,
    });
  }
  const deliveryId = ulid();
  insertDelivery.run(deliveryId, dedupeKey, raw, now, visitorId);
  insertPageView.run(ulid(), visitorId, deliveryId, v.page.url, v.page.referrer, seenAt);
  return { duplicate: false, repeat: existing !== undefined };
});

const reply = (res: http.ServerResponse, status: number, body: object) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  if (req.method !== "POST" || url.pathname !== "/rb2b") return reply(res, 404, { error: "not found" });
  if (!safeEqual(url.searchParams.get("token"), token)) return reply(res, 401, { error: "invalid token" });
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (c: Buffer) => {
    size += c.length;
    if (size <= RB2B_MAX_BODY_BYTES) chunks.push(c);
  });
  req.on("end", () => {
    if (size > RB2B_MAX_BODY_BYTES) return reply(res, 413, { error: "too large" });
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply(res, 400, { error: "body is not valid JSON" });
    }
    const parsed = rb2bPayload.safeParse(body);
    if (!parsed.success) return reply(res, 400, { error: parsed.error.issues[0]?.message ?? "invalid" });
    const r = store(dedupeKeyOf(body), raw, normalise(parsed.data));
    reply(res, 200, r.duplicate ? { ok: true, duplicate: true } : { ok: true, repeat: r.repeat });
  });
});
server.listen(0, "127.0.0.1", () => process.send!({ type: "ready", port: (server.address() as { port: number }).port }));
process.on("disconnect", () => process.exit(0));
