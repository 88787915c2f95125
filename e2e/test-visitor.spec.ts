import { expect, test } from "./support/fixtures";

test("an approver sends a test visitor through the whole pipeline and it arrives in the inbox", async ({ asRole }) => {
  test.setTimeout(90_000);
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  const panel = page.getByTestId("test-visitor");
  await panel.getByRole("button", { name: "Send a test visitor" }).click();
  await expect(panel.getByTestId("test-visitor-scored")).toContainText(/\d+ \((LOW|MEDIUM|HOT)\)/, { timeout: 30_000 });
  await expect(panel.getByTestId("test-visitor-draft")).toContainText("pending review", { timeout: 60_000 });
  await expect(page.getByText(/Test Visitor Co/).first()).toBeVisible({ timeout: 15_000 });
});

test("a viewer gets no test-visitor control", async ({ asRole }) => {
  const { page } = await asRole("VIEWER");
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a test visitor" })).toHaveCount(0);
});
