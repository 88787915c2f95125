import { dayKey, recomputeDay } from "@/server/features/metrics/metrics.service";
import { createPendingDraft, e2eDb } from "./support/db";
import { expect, test } from "./support/fixtures";

// Issue 7 "Done when": a simulated reply (POSTed to the real GHL webhook) shows on the draft's
// page and moves the scorecards; a booked meeting produces a call-prep brief in the dashboard
// (through the real executor: the webhook emits ghl/outcome.recorded, prepare-call builds it).
// Serial: both tests read and move the same day's scorecards.
test.describe.configure({ mode: "serial" });

const SECRET = "e2e-ghl-webhook-secret";

/** A draft whose e-mail went out (sandbox), as the send path leaves it, counted in today's roll-up. */
async function sentDraft(tag: string) {
  const draft = await createPendingDraft(tag, { tier: "MEDIUM" });
  const db = await e2eDb();
  const suffix = `${tag}-${Date.now().toString(36)}`;
  await db.draft.update({ where: { id: draft.id }, data: { status: "SENT", decidedAt: new Date() } });
  const send = await db.send.create({
    data: { draftId: draft.id, status: "SENT", mode: "SANDBOX", recipientDomain: draft.email.split("@")[1]!, recipientHash: `e2e-hash-${suffix}`, sentAt: new Date(), providerContactId: `c_${suffix}`, providerMessageId: `sandbox-${suffix}` },
    select: { id: true, providerContactId: true, providerMessageId: true },
  });
  await recomputeDay(db, dayKey(new Date()));
  return { ...draft, send };
}

async function card(page: import("@playwright/test").Page, key: string): Promise<string> {
  await page.goto("/scorecards");
  const button = page.getByTestId(`scorecard-${key}`).getByRole("button");
  await expect(button).toBeVisible();
  return (await button.textContent())?.trim() ?? "";
}
const percent = (s: string) => (/^[\d.]+/.test(s) ? Number.parseFloat(s) : -1);

test("a reply through the GHL webhook shows on the draft's page and moves the reply-rate scorecards", async ({ asRole, request }, testInfo) => {
  const { page } = await asRole("VIEWER");
  const d = await sentDraft(`reply-${testInfo.workerIndex}`);
  const replyBefore = await card(page, "replyRate");
  const positiveBefore = await card(page, "positiveReplyRate");

  const res = await request.post("/api/webhooks/ghl", {
    headers: { "x-ghl-webhook-secret": SECRET },
    data: { type: "InboundMessage", messageId: `in-${d.id}`, contactId: d.send.providerContactId, replyToMessageId: d.send.providerMessageId, direction: "inbound", messageType: "Email", subject: "Re: your note", body: "Sounds great, let's talk on Thursday.\n\nOn Mon, Dani wrote:\n> Would a short call be useful?" },
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ type: "REPLY", classification: "POSITIVE" });

  await page.goto(`/inbox/${d.id}`);
  const came = page.getByTestId("what-came-back");
  await expect(came.getByTestId("outcome-item")).toContainText("Sounds great, let's talk on Thursday.");
  await expect(came.getByTestId("outcome-classification")).toHaveText("positive");
  await expect(came).not.toContainText("Would a short call be useful?"); // quoted history is not kept

  const replyAfter = await card(page, "replyRate");
  const positiveAfter = await card(page, "positiveReplyRate");
  expect(percent(replyAfter)).toBeGreaterThan(percent(replyBefore));
  expect(percent(positiveAfter)).toBeGreaterThan(percent(positiveBefore));
});

test("a booked meeting produces a call-prep brief, shown as a dry run on the Call prep page and linked from the draft", async ({ asRole, request }, testInfo) => {
  const { page } = await asRole("APPROVER");
  const d = await sentDraft(`meeting-${testInfo.workerIndex}`);
  const res = await request.post("/api/webhooks/ghl", {
    headers: { "x-ghl-webhook-secret": SECRET },
    data: { type: "AppointmentCreate", appointment: { id: `appt-${d.id}`, contactId: d.send.providerContactId, startTime: "2026-12-01T15:00:00Z", appointmentStatus: "confirmed" } },
  });
  expect(res.status()).toBe(200);
  const { outcomeId } = (await res.json()) as { outcomeId: string };
  const db = await e2eDb();
  await expect.poll(async () => (await db.callPrep.findUnique({ where: { outcomeId }, select: { status: true } }))?.status ?? null, { timeout: 20_000 }).toBe("PREPARED");
  const prep = await db.callPrep.findUniqueOrThrow({ where: { outcomeId }, select: { id: true } });

  await page.goto("/call-prep");
  await expect(page.getByTestId("dry-run-mode")).toContainText("Dry run is ON");
  const row = page.getByTestId("prep-row").filter({ hasText: `Acme meeting-${testInfo.workerIndex}` });
  await expect(row.getByTestId("dry-run-badge")).toBeVisible();
  await row.getByRole("link", { name: /Lee Tester/ }).click();
  await expect(page).toHaveURL(new RegExp(`/call-prep/${prep.id}$`));
  await expect(page.getByRole("heading", { name: "Call with Lee Tester" })).toBeVisible();
  await expect(page.getByTestId("talking-points")).toContainText("They looked at pricing");
  await expect(page.getByTestId("pages")).toBeVisible();
  await expect(page.getByTestId("thread")).toContainText("Our e-mail");
  await expect(page.getByText("dry run: nothing was written to GHL")).toBeVisible();

  await page.goto(`/inbox/${d.id}`);
  await expect(page.getByTestId("call-prep-link")).toHaveText("Call prep (dry run)");

  // Dry run is switched in Settings too (here, after this spec's own dry-run brief; no other spec depends on it).
  await page.goto("/settings");
  const dryRun = () => page.getByTestId("setting-call-prep").getByLabel("Dry run: prepare briefs without writing to GHL");
  await dryRun().uncheck();
  await page.getByTestId("setting-call-prep").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("setting-call-prep").getByRole("status")).toHaveText("Saved.");
  await page.goto("/call-prep");
  await expect(page.getByTestId("dry-run-mode")).toContainText("Live: new briefs are written");
  await page.goto("/settings");
  await expect(dryRun()).not.toBeChecked();
  await dryRun().check();
  await page.getByTestId("setting-call-prep").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("setting-call-prep").getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(dryRun()).toBeChecked();
});

test("an admin erases the contact's personal data from the draft page; viewers do not see the action", async ({ asRole }, testInfo) => {
  const d = await sentDraft(`erase-${testInfo.workerIndex}`);
  const viewer = await asRole("VIEWER");
  await viewer.page.goto(`/inbox/${d.id}`);
  await expect(viewer.page.getByTestId("what-came-back")).toBeVisible();
  await expect(viewer.page.getByTestId("personal-data")).toHaveCount(0);

  const { page, user } = await asRole("ADMIN");
  await page.goto(`/inbox/${d.id}`);
  const panel = page.getByTestId("personal-data");
  await expect(panel.getByRole("button", { name: "Erase personal data" })).toBeDisabled();
  await panel.getByLabel("Type ERASE to confirm").fill("ERASE");
  await panel.getByRole("button", { name: "Erase personal data" }).click();
  await expect(panel.getByTestId("erased-note")).toBeVisible();
  const db = await e2eDb();
  const { visitorId } = await db.draft.findUniqueOrThrow({ where: { id: d.id }, select: { visitorId: true } });
  expect(await db.visitor.findUniqueOrThrow({ where: { id: visitorId }, select: { email: true, firstName: true, erasedAt: true } })).toMatchObject({ email: null, firstName: null, erasedAt: expect.any(Date) });
  const admin = await db.user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true } });
  expect(await db.auditLog.count({ where: { action: "privacy.erase", subjectId: visitorId, actorId: admin.id } })).toBe(1);
});
