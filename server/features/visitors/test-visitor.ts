import { randomBytes } from "node:crypto";
import type { Db } from "@/server/db/client";
import { preconditionFailed } from "@/server/domain/errors";
import type { Actor } from "@/server/domain/roles";
import { env } from "@/server/env";
import { record } from "@/server/features/audit/audit.service";
import { intake, type Emit } from "./visitors.service";

/** A realistic RB2B delivery for a made-up HOT lead at a reserved example domain. */
export function testPayload(now = new Date()) {
  const tag = randomBytes(4).toString("hex");
  return {
    "LinkedIn URL": `https://www.linkedin.com/in/test-visitor-${tag}`,
    "First Name": "Taylor",
    "Last Name": `Test-${tag}`,
    Title: "Chief Revenue Officer",
    "Company Name": `Test Visitor Co ${tag}`,
    "Business Email": `taylor.${tag}@test-visitor.example`,
    Website: "https://test-visitor.example",
    Industry: "Software",
    "Employee Count": "51-200",
    "Estimate Revenue": "$10M - $20M",
    City: "Austin",
    State: "TX",
    Zipcode: "78701",
    "Seen At": now.toISOString(),
    Referrer: "https://www.google.com/",
    "Captured URL": "https://caio-swarm.example/pricing",
    Tags: "Test visitor, Hot Pages",
  };
}

/**
 * Sends a test visitor through the real intake (and from there the whole pipeline). Only while GHL
 * is in sandbox mode: a test lead must never reach a real mailbox.
 */
export async function sendTestVisitor(db: Db, actor: Actor, emit: Emit) {
  if (env().GHL_API_TOKEN) throw preconditionFailed("GHL is live: test visitors run only while GHL is in sandbox mode.");
  const payload = testPayload();
  const result = await intake(db, payload, JSON.stringify(payload), { emit });
  if (result.kind !== "stored") throw preconditionFailed(`The test delivery was not stored (${result.kind}).`);
  await record(db, { actorType: "USER", actorId: actor.id, action: "pipeline.testVisitor", decision: "INFO", subjectType: "visitor", subjectId: result.visitorId, evidence: { emitted: result.emit === "sent" } });
  return { visitorId: result.visitorId };
}

/** Where a visitor is in the pipeline, step by step, for the progress panel. */
export async function progress(db: Db, visitorId: string) {
  const v = await db.visitor.findUnique({
    where: { id: visitorId },
    select: {
      score: true, tier: true, enrichmentStatus: true,
      drafts: { orderBy: { createdAt: "desc" }, take: 1, select: { id: true, status: true, recommendation: true, send: { select: { status: true, mode: true } } } },
    },
  });
  if (!v) return null;
  const d = v.drafts[0];
  return {
    received: true,
    scored: v.score !== null ? `${v.score} (${v.tier})` : null,
    enrichment: v.enrichmentStatus,
    draft: d ? { id: d.id, status: d.status, recommendation: d.recommendation } : null,
    send: d?.send ? { status: d.send.status, mode: d.send.mode } : null,
  };
}
