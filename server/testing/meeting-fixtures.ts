import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";
import { emailHash } from "@/server/features/suppression/suppression.service";
import { seedDrafts } from "./send-fixtures";

/**
 * A lead with a history worth a call-prep brief: page views, a Clay result, a SENT e-mail with
 * grounding evidence, a positive reply and a booked meeting (outcome ids returned).
 */
export async function seedMeetingLead(db: Db, tag: string, opts: { contactId?: string | null } = {}) {
  const email = `${tag}@${tag}.test`;
  const [draftId] = await seedDrafts(db, [{ email, status: "SENT", score: 75, tier: "HOT" }], tag);
  const draft = await db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { visitorId: true } });
  const now = Date.now();
  await db.visitor.update({
    where: { id: draft.visitorId },
    data: {
      title: "VP Sales", industry: "Software", employeeCountMin: 50, employeeCountMax: 200, visitCount: 3, linkedinUrl: `https://linkedin.com/in/${tag}`,
      scoreBreakdown: JSON.stringify([{ signal: "page:pricing", points: 20, detail: "Viewed pricing" }, { signal: "seniority", points: 15, detail: "vp" }, { signal: "repeat_visits", points: 10, detail: "3 visits" }]),
    },
  });
  await db.pageView.createMany({ data: [
    { visitorId: draft.visitorId, url: "https://caio.test/pricing", seenAt: new Date(now - 3 * 86_400_000) },
    { visitorId: draft.visitorId, url: "https://caio.test/case-studies/acme", seenAt: new Date(now - 2 * 86_400_000) },
  ] });
  const req = await db.enrichmentRequest.create({
    data: { visitorId: draft.visitorId, status: "COMPLETED", completedAt: new Date(now - 2 * 86_400_000), result: JSON.stringify({ email, recentNews: "Opened a Berlin office", technologies: ["Salesforce", "HubSpot"] }) },
    select: { id: true },
  });
  await db.draft.update({ where: { id: draftId }, data: { evidence: JSON.stringify([{ field: "companyName", value: "Acme", source: "rb2b", dataId: "d1", verifiedAt: new Date(now - 4 * 86_400_000).toISOString() }]) } });
  const send = await db.send.create({
    data: {
      draftId, status: "SENT", mode: "SANDBOX", recipientDomain: `${tag}.test`, recipientHash: emailHash(email), sentAt: new Date(now - 86_400_000),
      providerContactId: opts.contactId === undefined ? `c_${tag}` : opts.contactId, providerMessageId: `m_${tag}`,
    },
    select: { id: true },
  });
  const reply = await db.outcome.create({
    data: { id: ulid(), sendId: send.id, type: "REPLY", classification: "POSITIVE", providerEventId: `r-${tag}`, occurredAt: new Date(now - 3_600_000), payload: JSON.stringify({ subject: "Re: Quick question", text: "Happy to talk — Tuesday works." }) },
    select: { id: true },
  });
  const meeting = await db.outcome.create({
    data: { id: ulid(), sendId: send.id, type: "MEETING", providerEventId: `a-${tag}`, occurredAt: new Date(now - 60_000), payload: JSON.stringify({ appointmentId: `appt_${tag}`, startTime: "2026-12-01T15:00:00Z" }) },
    select: { id: true },
  });
  return { email, draftId, visitorId: draft.visitorId, sendId: send.id, enrichmentId: req.id, replyId: reply.id, meetingId: meeting.id, contactId: `c_${tag}` };
}
