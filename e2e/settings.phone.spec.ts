import { expect, test } from "./support/fixtures";
import { widthOnScreen } from "./support/phone";

test("on a phone the settings fit the screen and an approver pauses and resumes a sending domain", async ({ asRole }, testInfo) => {
  const { page } = await asRole("APPROVER");
  await page.goto("/settings");
  await expect(page.getByTestId("setting-call-prep")).toBeVisible();
  expect((await widthOnScreen(page)).fits).toBe(true);
  // A domain no real send uses (other specs run meanwhile).
  const domain = `e2e-phone-w${testInfo.workerIndex}-${Date.now()}.test`;
  const paused = page.getByTestId("setting-paused-domains");
  await paused.getByLabel("Domain to pause").fill(domain);
  await paused.getByRole("button", { name: "Pause domain" }).click();
  const row = paused.getByTestId("paused-domain").filter({ hasText: domain });
  await expect(row).toBeVisible();
  expect((await widthOnScreen(page)).fits).toBe(true);
  await row.getByRole("button", { name: `Resume ${domain}` }).click();
  await expect(row).toHaveCount(0);
});
