import type { Page } from "@playwright/test";
import { createPendingDraft, draftState, e2eDb, openSendingWindow, SENDABLE_BODY } from "./support/db";
import { expect, hydrating, signInViaApi, test } from "./support/fixtures";

// One server and one database for the whole run: PAUSE_ALL_SENDS and the 30-second gap between
// sends are global, so the tests that send run one after the other.
test.describe.configure({ mode: "serial" });

const DANI = { email: "dani@caio-swarm.local", password: "e2e-approver-pass", name: "Dani", role: "APPROVER" as const };
const CSRF = { "x-caio-csrf": "1", "content-type": "application/json" };
const today = () => new Date().toISOString().slice(0, 10);

test.beforeAll(async () => {
  await openSendingWindow();
});

/** Sends counted in today's roll-up: the table every scorecard reads (not the raw Send rows). */
async function sentInRollup(): Promise<number> {
  const db = await e2eDb();
  return (await db.metricDaily.findUnique({ where: { day: today() }, select: { sent: true } }))?.sent ?? 0;
}

async function setPause(page: Page, on: boolean) {
  await page.goto("/settings");
  const row = page.getByTestId("kill-switch-PAUSE_ALL_SENDS");
  await expect(row.getByText(/^(ON|OFF)$/)).toBeVisible();
  if ((await row.getByText(/^(ON|OFF)$/).textContent())?.trim() !== (on ? "ON" : "OFF")) {
    await row.getByRole("button", { name: /Turn (on|off)/ }).click();
    if (!on) await row.getByRole("button", { name: "Yes, turn it off" }).click(); // resuming asks once more
  }
  await expect(row.getByText(on ? "ON" : "OFF", { exact: true })).toBeVisible();
}

const item = (page: Page, subject: string) => page.getByTestId("pending-item").filter({ hasText: subject });

test("Dani signs in, filters, opens a HOT draft, edits and approves it; it is sent in the sandbox outbox and the scorecards change", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const tag = `w${testInfo.workerIndex}-${Date.now()}`;
  const hot = await createPendingDraft(`hot-${tag}`, { tier: "HOT", score: 88 });
  const low = await createPendingDraft(`low-${tag}`, { tier: "LOW", score: 15 });

  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("E-mail").fill(DANI.email);
  await page.getByLabel("Password").fill(DANI.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
  const sentBefore = await sentInRollup();

  await expect(item(page, low.subject)).toBeVisible();
  await page.getByRole("button", { name: /^HOT \(\d+\)$/ }).click();
  await expect(item(page, hot.subject)).toBeVisible();
  await expect(item(page, low.subject)).toHaveCount(0);
  await expect(item(page, hot.subject).getByTestId("escalation")).toContainText("not alerted");

  await item(page, hot.subject).getByRole("link", { name: hot.subject }).click();
  await expect(page.getByRole("heading", { name: hot.subject })).toBeVisible();
  // The e-mail exactly as it will be sent: the server's footer included.
  await page.getByText("Plain-text part").click();
  await expect(page.getByTestId("email-text")).toContainText("Unsubscribe: ");
  await expect(page.getByTestId("email-preview")).toContainText(hot.email);
  await expect(page.getByTestId("evidence")).toContainText("clay");
  await expect(page.getByTestId("recipient")).toContainText(`Acme hot-${tag}`);
  await expect(page.getByText("HOT leads are always reviewed")).toBeVisible();

  // A failing edit is refused and nothing changes.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByLabel("Subject").fill("ACT NOW!!! FREE MONEY");
  await page.getByRole("button", { name: "Check and preview" }).click();
  await expect(page.getByText("The edit fails a check")).toBeVisible();
  await page.getByRole("button", { name: "Approve edited" }).click();
  await expect(page.getByRole("status").filter({ hasText: "fails its checks" })).toBeVisible();
  await expect(page.getByTestId("edit-error")).toContainText(/fails its checks: .*(not all caps|spam)/); // beside the button, in words
  expect((await draftState(hot.id)).status).toBe("PENDING_REVIEW");

  const edited = `Visitors worth a reply ${tag}`.slice(0, 60);
  await page.getByLabel("Subject").fill(edited);
  await page.getByLabel(/^Body/).fill(`${SENDABLE_BODY}\n\nPS: happy to share how Acme set it up.`);
  await page.getByRole("button", { name: "Check and preview" }).click();
  await expect(page.getByText("The edit passes every check.")).toBeVisible();
  await page.getByRole("button", { name: "Approve edited" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved with your edit" })).toBeVisible();
  await expect(page.getByTestId("edit-diff")).toContainText("+ PS: happy to share how Acme set it up.");
  await expect(page.getByTestId("send-state")).toContainText("Sent (sandbox)", { timeout: 90_000 });

  await page.goto("/outbox");
  const row = page.getByTestId("outbox-row").filter({ hasText: edited });
  await expect(row).toContainText(hot.email);
  await expect(row).toContainText("sent · sandbox");

  await expect.poll(() => sentInRollup(), { timeout: 15_000 }).toBeGreaterThan(sentBefore);
  await page.goto("/scorecards");
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page.getByTestId("scorecard-replyRate")).toContainText("%");
  await expect(page.getByTestId("scorecard-domainHealth")).toContainText(/\d/);
  // The range in use is marked; opening a card brings the rows behind it into view (they sit below every card).
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: "30 days" })).toHaveAttribute("aria-pressed", "false");
  await page.getByRole("button", { name: /^Reply rate: .*Show the rows behind it$/ }).click();
  await expect(page.getByRole("heading", { name: /^Behind “Reply rate/ })).toBeInViewport();
});

test("with PAUSE_ALL_SENDS on, an approval waits instead of sending, and goes once sending resumes", async ({ asRole }, testInfo) => {
  test.setTimeout(180_000);
  const draft = await createPendingDraft(`pause-w${testInfo.workerIndex}-${Date.now()}`, { tier: "MEDIUM" });
  const { page } = await asRole("APPROVER");
  await setPause(page, true);
  try {
    // Every page says so, not only the inbox.
    for (const path of ["/inbox", "/scorecards", "/audit"]) {
      await page.goto(path);
      await expect(page.getByTestId("paused-banner")).toContainText("Sending is paused (PAUSE_ALL_SENDS)");
    }
    await page.goto(`/inbox/${draft.id}`);
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(page.getByTestId("send-state")).toContainText("Waiting: sending is paused");
    // The send path ran and refused (audited), and nothing was sent.
    const db = await e2eDb();
    await expect.poll(() => db.auditLog.count({ where: { action: "guard:send.release", decision: "DENY", subjectId: draft.id } }), { timeout: 30_000 }).toBeGreaterThan(0);
    const s = await draftState(draft.id);
    expect(s.status).toBe("APPROVED");
    expect(s.send?.status ?? "none").not.toBe("SENT");
    expect(await db.sandboxOutbox.count({ where: { send: { draftId: draft.id } } })).toBe(0);
  } finally {
    await setPause(page, false);
  }
  await page.goto(`/inbox/${draft.id}`);
  await expect(page.getByTestId("send-state")).toContainText("Sent (sandbox)", { timeout: 150_000 });
});

test("Dani rejects a draft with a reason; it leaves the inbox and does not come back", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`reject-w${testInfo.workerIndex}-${Date.now()}`, { tier: "HOT" });
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  await item(page, draft.subject).getByRole("link", { name: "Reject…" }).click();
  const reject = page.getByRole("button", { name: "Reject draft" });
  await expect(reject).toBeDisabled(); // a reason is required
  await page.getByLabel("Reason (required)").selectOption({ label: "Off tone" });
  await page.getByLabel("Note (optional)").fill("too pushy for a first e-mail");
  await reject.click();
  await expect(page.getByRole("status").filter({ hasText: "Rejected" })).toBeVisible();
  await expect(page.getByTestId("draft-status")).toHaveText("rejected");

  await page.goto("/inbox");
  await expect(page.getByTestId("pending-item").first()).toBeVisible();
  await expect(item(page, draft.subject)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(item(page, draft.subject)).toHaveCount(0);
  const db = await e2eDb();
  expect(await db.rejectionMemory.count({ where: { draftId: draft.id } })).toBe(1);
  // A stale second tab trying to approve it is refused: a rejected draft stays rejected.
  const res = await page.request.post("/api/trpc/approvals.approve", { headers: CSRF, data: { draftId: draft.id, version: 0 } });
  expect(res.status()).toBe(409);
  expect((await draftState(draft.id)).status).toBe("REJECTED");
});

test("bulk approve: three selected drafts, a confirmation that lists them, all approved", async ({ asRole }, testInfo) => {
  const tag = `bulk-w${testInfo.workerIndex}-${Date.now()}`;
  const drafts = [await createPendingDraft(`${tag}-a`), await createPendingDraft(`${tag}-b`), await createPendingDraft(`${tag}-c`)];
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  for (const d of drafts) await page.getByRole("checkbox", { name: `Select ${d.subject}` }).check();
  await page.getByRole("button", { name: "Approve selected (3)" }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm bulk approval" });
  for (const d of drafts) await expect(dialog.getByTestId("bulk-confirm-list")).toContainText(d.subject);
  await dialog.getByRole("button", { name: "Approve 3 drafts" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Approved 3 of 3." })).toBeVisible();
  for (const d of drafts) {
    // Gone at once (the decision refreshes the queue), not at the next 5 s poll.
    await expect(item(page, d.subject)).toHaveCount(0, { timeout: 2_500 });
    expect(["APPROVED", "SENDING", "SENT"]).toContain((await draftState(d.id)).status);
  }
});

test("two approvers on the same draft: one wins, the other is told who did", async ({ asRole, browser }, testInfo) => {
  const draft = await createPendingDraft(`race-w${testInfo.workerIndex}-${Date.now()}`);
  const { page: mine } = await asRole("APPROVER");
  const context = await browser.newContext({ ...testInfo.project.use });
  try {
    const dani = hydrating(await context.newPage());
    await signInViaApi(dani.request, DANI);
    await Promise.all([mine.goto(`/inbox/${draft.id}`), dani.goto(`/inbox/${draft.id}`)]);
    await expect(dani.getByRole("button", { name: "Approve", exact: true })).toBeVisible();
    await mine.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(mine.getByRole("status").filter({ hasText: "Approved" }).first()).toBeVisible();
    // Dani's tab still shows the old version (or just refreshed): either way she cannot approve it twice.
    const res = await dani.request.post("/api/trpc/approvals.approve", { headers: CSRF, data: { draftId: draft.id, version: 0 } });
    expect(res.status()).toBe(409);
    expect(await res.text()).toContain("already handled by");
    const db = await e2eDb();
    expect(await db.review.count({ where: { draftId: draft.id } })).toBe(1);
  } finally {
    await context.close();
  }
});

test("keyboard: ? shows help, j/k move, e opens the editor, r the reject form", async ({ asRole }, testInfo) => {
  const tag = `keys-w${testInfo.workerIndex}-${Date.now()}`;
  await createPendingDraft(`${tag}-1`);
  await createPendingDraft(`${tag}-2`);
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  await expect(page.getByTestId("pending-item").nth(1)).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);
  const items = page.getByTestId("pending-item");
  await expect(items.first()).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  await expect(items.nth(1)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("k");
  await expect(items.first()).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("j");
  const id = await items.nth(1).getAttribute("data-draft-id");
  await page.keyboard.press("e");
  await expect(page).toHaveURL(new RegExp(`/inbox/${id}\\?mode=edit`));
  await expect(page.getByRole("form", { name: "Edit the draft" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.keyboard.press("r");
  await expect(page.getByRole("form", { name: "Reject the draft" })).toBeVisible();
});

test("a viewer sees the inbox, a draft and the outbox but can change nothing, and the server refuses every inbox mutation", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`viewer-inbox-w${testInfo.workerIndex}-${Date.now()}`);
  const { page } = await asRole("VIEWER");
  await page.goto("/inbox");
  await expect(item(page, draft.subject)).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Approve/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Reject|Edit/ })).toHaveCount(0);
  await item(page, draft.subject).getByRole("link", { name: draft.subject }).click();
  await expect(page.getByTestId("email-preview")).toContainText(draft.email);
  await expect(page.getByTestId("decision")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Approve|Reject|Edit|Snooze/ })).toHaveCount(0);
  await page.keyboard.press("r");
  await expect(page.getByRole("form", { name: "Reject the draft" })).toHaveCount(0);
  await page.goto("/outbox");
  await expect(page.getByRole("heading", { name: "Sandbox outbox" })).toBeVisible();

  const ref = { draftId: draft.id, version: 0 };
  const calls: [string, unknown][] = [
    ["approvals.approve", ref],
    ["approvals.approveEdited", { ...ref, subject: "x", body: "y" }],
    ["approvals.reject", { ...ref, reasonTag: "OTHER" }],
    ["approvals.snooze", { ...ref, until: new Date(Date.now() + 3_600_000).toISOString() }],
    ["approvals.unsnooze", ref],
    ["approvals.bulkApprove", { items: [ref] }],
  ];
  for (const [path, data] of calls) {
    const res = await page.request.post(`/api/trpc/${path}`, { headers: CSRF, data });
    expect(res.status(), path).toBe(403);
  }
  const preview = await page.request.get(`/api/trpc/approvals.previewEdit?input=${encodeURIComponent(JSON.stringify({ ...ref, subject: "x", body: "y" }))}`);
  expect(preview.status()).toBe(403);
  expect((await draftState(draft.id)).status).toBe("PENDING_REVIEW");
});
