// Bulk seeding for the dashboard benchmark: realistic proportions, written straight through
// better-sqlite3 prepared statements (Prisma's per-row cost would dominate a 1M-row seed).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { entryHash, GENESIS_HASH } from "@/server/domain/audit-chain";
import { createRandom } from "@/prisma/seed/random";

const DAY = 86_400_000;

export interface SeedCounts {
  visitors: number;
  drafts: number;
  sends: number;
  outcomes: number;
  reviews: number;
  audit: number;
}

/** Fills a migrated database with `visitors` visitors over the last year and everything that follows from them. */
export function bulkSeed(file: string, visitors: number, opts: { templateVersionId: string; variantIds: string[]; reviewerId: string; now?: Date }): SeedCounts {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF"); // seeding only: the benchmark measures reads afterwards
  const r = createRandom(1_000_003);
  const now = (opts.now ?? new Date()).getTime();
  const iso = (t: number) => new Date(t).toISOString();
  const insVisitor = db.prepare(
    `INSERT INTO Visitor (id, identityKey, isCompanyOnly, email, firstName, lastName, title, companyName, companyDomain, industry, firstSeenAt, lastSeenAt, visitCount, score, tier, warm, enrichmentStatus, needsBackfill, createdAt, updatedAt)
     VALUES (?, ?, 0, ?, 'Sam', 'Lee', 'VP of Sales', ?, ?, 'Software', ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insView = db.prepare(`INSERT INTO PageView (id, visitorId, url, seenAt) VALUES (?, ?, ?, ?)`);
  const insDraft = db.prepare(
    `INSERT INTO Draft (id, visitorId, templateVersionId, subjectVariantId, subject, body, score, tier, warm, fingerprint, recommendation, status, createdAt, updatedAt, version)
     VALUES (?, ?, ?, ?, 'Quick question', 'Hello', ?, ?, 0, ?, ?, ?, ?, ?, 0)`,
  );
  const insSend = db.prepare(
    `INSERT INTO Send (id, draftId, status, mode, recipientDomain, recipientHash, claimedAt, sentAt, attempts, updatedAt) VALUES (?, ?, ?, 'SANDBOX', ?, ?, ?, ?, 1, ?)`,
  );
  const insOutcome = db.prepare(`INSERT INTO Outcome (id, sendId, type, classification, providerEventId, value, occurredAt, payload, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?)`);
  const insReview = db.prepare(`INSERT INTO Review (id, draftId, reviewerId, decision, systemRecommendation, createdAt) VALUES (?, ?, ?, ?, ?, ?)`);
  const insAudit = db.prepare(
    `INSERT INTO AuditLog (seq, at, actorType, actorId, agent, action, decision, riskLevel, reason, subjectType, subjectId, evidence, prevHash, hash) VALUES (?, ?, 'AGENT', NULL, 'OPERATOR', 'email.send', ?, 'HIGH', NULL, 'draft', ?, '{}', ?, ?)`,
  );
  const counts: SeedCounts = { visitors: 0, drafts: 0, sends: 0, outcomes: 0, reviews: 0, audit: 0 };
  let prevHash = GENESIS_HASH;
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const t = now - Math.floor(r.next() * 365 * DAY);
      const score = r.int(5, 95);
      const tier = score >= 70 ? "HOT" : score >= 40 ? "MEDIUM" : "LOW";
      const vid = `v${i}`;
      const domain = `c${i % 50_000}.example`;
      insVisitor.run(vid, `k${i}`, `p${i}@${domain}`, `Company ${i % 50_000}`, domain, iso(t), iso(t), score, tier, r.chance(0.1) ? 1 : 0, r.chance(0.7) ? "COMPLETE" : "PARTIAL", 0, iso(t), iso(t));
      insView.run(`pv${i}`, vid, "https://caio-swarm.example/pricing", iso(t));
      counts.visitors++;
      if (!r.chance(0.6)) continue;
      const status = t > now - 3 * DAY && r.chance(0.5) ? "PENDING_REVIEW" : r.pick(["SENT", "SENT", "SENT", "REJECTED", "DROPPED"]);
      const did = `d${i}`;
      const rec = r.pick(["REVIEW", "AUTO_SEND", "DROP"]);
      insDraft.run(did, vid, opts.templateVersionId, r.pick(opts.variantIds), score, tier, createHash("md5").update(did).digest("hex"), rec, status, iso(t + 60_000), iso(t + 60_000));
      counts.drafts++;
      if (status !== "PENDING_REVIEW") {
        insReview.run(`r${i}`, did, opts.reviewerId, status === "REJECTED" ? "REJECT" : "APPROVE", rec, iso(t + 120_000));
        counts.reviews++;
      }
      if (status !== "SENT") continue;
      const sid = `s${i}`;
      const sentAt = t + 600_000;
      insSend.run(sid, did, "SENT", domain, `h${i}`, iso(sentAt), iso(sentAt), iso(sentAt));
      counts.sends++;
      const content = { seq: counts.audit + 1, at: new Date(sentAt), actorType: "AGENT", actorId: null, agent: "OPERATOR", action: "email.send", decision: "ALLOW", riskLevel: "HIGH", reason: null, subjectType: "draft", subjectId: did, evidence: "{}" };
      const hash = entryHash(prevHash, content);
      insAudit.run(content.seq, iso(sentAt), "ALLOW", did, prevHash, hash);
      prevHash = hash;
      counts.audit++;
      const events: [string, string | null, number | null][] = [["DELIVERED", null, null]];
      if (r.chance(0.4)) events.push(["OPENED", null, null]);
      if (r.chance(0.02)) events.push(["BOUNCE", null, null]);
      else if (r.chance(0.09)) events.push(["REPLY", r.pick(["POSITIVE", "NEUTRAL", "NEGATIVE", "OUT_OF_OFFICE"]), null]);
      if (r.chance(0.01)) events.push(["MEETING", null, 20_000]);
      for (const [k, [type, cls, value]] of events.entries()) {
        const at = iso(sentAt + (k + 1) * 3_600_000);
        insOutcome.run(`o${i}-${k}`, sid, type, cls, `e${i}-${k}`, value, at, at);
        counts.outcomes++;
      }
    }
  });
  for (let i = 0; i < visitors; i += 20_000) batch(i, Math.min(visitors, i + 20_000));
  db.prepare(`INSERT OR REPLACE INTO AuditHead (id, lastSeq, lastHash) VALUES (1, ?, ?)`).run(counts.audit, prevHash);
  db.pragma("optimize");
  db.close();
  return counts;
}
