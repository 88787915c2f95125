import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { set } from "@/server/features/settings/settings.service";
import { createGhlClient, createSandboxGhl } from "@/server/integrations/ghl";
import { startFakeGhl, type FakeGhl } from "@/server/testing/fake-ghl";
import { seedMeetingLead } from "@/server/testing/meeting-fixtures";
import { createTestDb, type TestDb } from "@/server/testing/test-db";
import { createUser } from "@/server/testing/users";
import { detail, list, prepare, write, writeNow } from "./call-prep.service";

let t: TestDb;
let ghl: FakeGhl;
beforeAll(async () => {
  t = await createTestDb();
  ghl = await startFakeGhl();
});
afterAll(async () => {
  await ghl.close();
  await t.cleanup();
});
const live = () => createGhlClient({ baseUrl: ghl.url, token: ghl.token, locationId: "loc_test", timeoutMs: 2000, sleep: async () => {} });

describe("call prep", () => {
  it("dry run (the default): the brief is built from every source and stored, nothing is written to GHL; a retried step finds the same brief", async () => {
    const lead = await seedMeetingLead(t.db, "prep1");
    const r = await prepare(t.db, lead.meetingId);
    expect(r).toMatchObject({ kind: "prepared", status: "PREPARED" });
    expect(await prepare(t.db, lead.meetingId)).toEqual(r);
    const d = await detail(t.db, r.kind === "prepared" ? r.id : "");
    expect(d).toMatchObject({ status: "PREPARED", dryRun: true, draftId: lead.draftId, contactId: lead.contactId, writeMode: null });
    const b = d.brief!;
    expect(b.person).toMatchObject({ name: "Sam Lee", title: "VP Sales", email: lead.email });
    expect(b.company).toMatchObject({ name: "Acme", industry: "Software", employees: "50–200" });
    expect(b.meeting.startTime).toBe("2026-12-01T15:00:00Z");
    expect(b.visits.pages.map((p) => p.url)).toEqual(["https://caio.test/case-studies/acme", "https://caio.test/pricing"]);
    expect(b.score.breakdown.map((x) => x.signal)).toEqual(["page:pricing", "seniority", "repeat_visits"]);
    // Facts keep their source: the draft's grounding evidence and Clay's result (not the address).
    expect(b.facts).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: "companyName", source: "rb2b" }),
      expect.objectContaining({ field: "recentNews", value: "Opened a Berlin office", source: "clay", dataId: lead.enrichmentId }),
      expect.objectContaining({ field: "technologies", value: "Salesforce, HubSpot", source: "clay" }),
    ]));
    expect(b.facts.find((f) => f.field === "email")).toBeUndefined();
    expect(b.thread.map((m) => [m.direction, m.classification])).toEqual([["OUT", null], ["IN", "POSITIVE"]]);
    expect(b.talkingPoints[0]).toContain("Happy to talk — Tuesday works.");
    expect(b.talkingPoints).toContain("They looked at pricing: be ready to talk plans and numbers.");
    expect(d.fields.map((f) => f.key)).toEqual(["contact.caio_call_prep", "contact.caio_talking_points", "contact.caio_score", "contact.caio_call_prep_link"]);
    expect(d.fields[3]!.field_value).toMatch(new RegExp(`/call-prep/${d.id}$`));
    expect(await t.db.sandboxCrmWrite.count()).toBe(0);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: "callprep.prepared", subjectId: d.id } });
    expect(audit.evidence).not.toContain(lead.email);
    expect(audit.evidence).not.toContain("Sam");
    const l = await list(t.db, { limit: 10 });
    expect(l).toMatchObject({ dryRun: true, dryRuns: 1, total: 1 });
    expect(l.items[0]).toMatchObject({ id: d.id, dryRun: true, name: "Sam Lee", company: "Acme", draftId: lead.draftId });
  });

  it("live: an approver turns dry run off; the next brief is written through the sandbox (recorded) and the live client (fake GHL gets { key, field_value })", async () => {
    await set(t.db, "callPrepDryRun", false, null);
    const a = await seedMeetingLead(t.db, "prep2");
    const ra = await prepare(t.db, a.meetingId);
    expect(ra).toMatchObject({ status: "READY" });
    const id = ra.kind === "prepared" ? ra.id : "";
    expect(await write(t.db, createSandboxGhl(t.db), id)).toEqual({ id, status: "WRITTEN", error: null });
    const rec = await t.db.sandboxCrmWrite.findFirstOrThrow({ where: { contactId: a.contactId } });
    expect(JSON.parse(rec.fields)).toHaveLength(4);
    expect(await detail(t.db, id)).toMatchObject({ status: "WRITTEN", writeMode: "SANDBOX", dryRun: false });
    expect(await write(t.db, createSandboxGhl(t.db), id)).toMatchObject({ status: "WRITTEN" }); // once
    expect(await t.db.sandboxCrmWrite.count({ where: { contactId: a.contactId } })).toBe(1);

    const b = await seedMeetingLead(t.db, "prep3");
    const rb = await prepare(t.db, b.meetingId);
    const idb = rb.kind === "prepared" ? rb.id : "";
    expect(await write(t.db, live(), idb)).toMatchObject({ status: "WRITTEN" });
    const u = ghl.updates.at(-1)!;
    expect(u.contactId).toBe(b.contactId);
    expect(u.body.customFields).toEqual([
      { key: "contact.caio_call_prep", field_value: expect.stringContaining("Who: Sam Lee · VP Sales · Acme") },
      { key: "contact.caio_talking_points", field_value: expect.stringContaining("• Open with their reply") },
      { key: "contact.caio_score", field_value: expect.stringContaining("page:pricing +20") },
      { key: "contact.caio_call_prep_link", field_value: expect.stringContaining(`/call-prep/${idb}`) },
    ]);
    expect(await detail(t.db, idb)).toMatchObject({ writeMode: "LIVE" });
  });

  it("GHL failures: a 500 is retried by the step (thrown) and FAILED after the last attempt; an approver can write a dry-run brief now", async () => {
    await set(t.db, "callPrepDryRun", false, null);
    const c = await seedMeetingLead(t.db, "prep4");
    const r = await prepare(t.db, c.meetingId);
    const id = r.kind === "prepared" ? r.id : "";
    ghl.setPlan((kind) => (kind === "update" ? "500" : "ok"));
    await expect(write(t.db, live(), id, { maxAttempts: 2 })).rejects.toThrow(/500/);
    expect(await write(t.db, live(), id, { maxAttempts: 2 })).toMatchObject({ status: "FAILED", error: expect.stringContaining("500") });
    ghl.setPlan(() => "ok");
    const dani = await createUser(t.db, "APPROVER");
    expect(await writeNow(t.db, live(), dani, id)).toMatchObject({ status: "WRITTEN" });

    await set(t.db, "callPrepDryRun", true, null);
    const d = await seedMeetingLead(t.db, "prep5");
    const rd = await prepare(t.db, d.meetingId);
    const idd = rd.kind === "prepared" ? rd.id : "";
    expect(rd).toMatchObject({ status: "PREPARED" });
    expect(await writeNow(t.db, live(), dani, idd)).toMatchObject({ status: "WRITTEN" });
    expect(await detail(t.db, idd)).toMatchObject({ dryRun: true, status: "WRITTEN", writeMode: "LIVE" });
    expect(await t.db.auditLog.count({ where: { action: "callprep.writeNow", actorId: dani.id } })).toBe(2);
  });

  it("a meeting that is not ours (no send) or not a meeting is skipped", async () => {
    const lead = await seedMeetingLead(t.db, "prep6");
    expect(await prepare(t.db, lead.replyId)).toEqual({ kind: "skipped", reason: "not a meeting for one of our sends" });
    expect(await prepare(t.db, "nope")).toMatchObject({ kind: "skipped" });
  });
});
