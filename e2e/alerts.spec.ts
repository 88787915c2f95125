import { e2eDb } from "./support/db";
import { expect, test } from "./support/fixtures";

test("Settings' test alert lands in the Alerts list (sandbox); a viewer reads the list but cannot send one", async ({ asRole }) => {
  const { page, user } = await asRole("APPROVER");
  await page.goto("/settings");
  const section = page.getByTestId("setting-alerts");
  await section.getByRole("button", { name: "Send test alert" }).click();
  await expect(section.getByTestId("test-alert-result")).toContainText("sandbox");

  await page.getByRole("link", { name: "Alerts", exact: true }).first().click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  const mine = page.getByTestId("alert-row").filter({ hasText: `sent by ${user.name}` }).first();
  await expect(mine).toContainText("Test alert");
  await expect(mine.getByTestId("alert-status")).toHaveText("sandbox (not posted)");
  await expect(mine.getByRole("link", { name: "Open in dashboard" })).toHaveAttribute("href", "/alerts");

  const viewer = await asRole("VIEWER");
  await viewer.page.goto("/settings");
  await expect(viewer.page.getByRole("button", { name: "Send test alert" })).toHaveCount(0);
  await viewer.page.goto("/alerts");
  await expect(viewer.page.getByTestId("alert-row").filter({ hasText: `sent by ${user.name}` }).first()).toBeVisible();
});

test("a paused sending domain shows as an incident; only an approver resumes it", async ({ asRole }, testInfo) => {
  const db = await e2eDb();
  // A domain no real send uses, so the pause cannot disturb other specs running in parallel.
  const domain = `e2e-w${testInfo.workerIndex}-${Date.now()}.test`;
  const incident = await db.monitorIncident.create({
    data: { monitor: "sending-domain", scope: domain, status: "OPEN", openKey: `sending-domain:${domain}`, reason: "1 spam complaint in 24 h", openedAt: new Date() },
  });
  const viewer = await asRole("VIEWER");
  await viewer.page.goto("/alerts");
  const row = viewer.page.getByTestId("incident").filter({ hasText: domain });
  await expect(row).toContainText("1 spam complaint");
  await expect(row.getByRole("button")).toHaveCount(0);

  const { page } = await asRole("APPROVER");
  await page.goto("/alerts");
  await page.getByTestId("incident").filter({ hasText: domain }).getByRole("button", { name: "Resume domain" }).click();
  await expect(page.getByTestId("incident").filter({ hasText: domain })).toHaveCount(0);
  expect((await db.monitorIncident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("RESOLVED");
});
