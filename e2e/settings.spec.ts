import { expect, test } from "./support/fixtures";

test("an approver edits settings with a live scoring preview; a viewer can only read", async ({ asRole }) => {
  const { page } = await asRole("APPROVER");
  await page.goto("/settings");
  const scoring = page.getByTestId("setting-scoring");
  const preview = scoring.getByTestId("preview-score");
  const before = await preview.textContent();
  await scoring.getByLabel("Title", { exact: true }).fill("Intern");
  await expect(preview).not.toHaveText(before ?? "");

  const excluded = page.getByTestId("setting-excluded");
  await excluded.getByLabel("Domains (one per line)").fill(`competitor-${Date.now()}.example`);
  await excluded.getByRole("button", { name: "Save" }).click();
  await expect(excluded.getByRole("status")).toHaveText("Saved.");

  const delay = page.getByTestId("setting-medium-delay");
  await expect(delay.getByLabel("Delay (minutes)")).toHaveValue("60");
  await delay.getByLabel("Delay (minutes)").fill("45");
  await delay.getByRole("button", { name: "Save" }).click();
  await expect(delay.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByTestId("setting-medium-delay").getByLabel("Delay (minutes)")).toHaveValue("45");
  await page.getByTestId("setting-medium-delay").getByLabel("Delay (minutes)").fill("60");
  await page.getByTestId("setting-medium-delay").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("setting-medium-delay").getByRole("status")).toHaveText("Saved.");

  const limits = page.getByTestId("setting-limits");
  await limits.getByLabel(/Parallel/).fill("151");
  await limits.getByRole("button", { name: "Save" }).click();
  await expect(limits.getByLabel(/Parallel/)).toHaveJSProperty("validity.valid", false);

  const viewer = await asRole("VIEWER");
  await viewer.page.goto("/settings");
  await expect(viewer.page.getByTestId("setting-excluded").getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(viewer.page.getByTestId("setting-excluded").getByLabel("Domains (one per line)")).toBeDisabled();
  await expect(viewer.page.getByRole("heading", { name: "Users and roles" })).toHaveCount(0);
});
