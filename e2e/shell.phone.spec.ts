import { expect, test } from "./support/fixtures";
import { widthOnScreen } from "./support/phone";

test("on a phone the navigation folds into a menu and still reaches every page", async ({ asRole }) => {
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  expect((await widthOnScreen(page)).fits).toBe(true);
});

test("on a phone no page is wider than the screen (the admin sees every page)", async ({ asRole }) => {
  const { page } = await asRole("ADMIN");
  for (const path of ["/inbox", "/outbox", "/call-prep", "/scorecards", "/phases", "/templates", "/learnings", "/alerts", "/digest", "/audit", "/runs", "/settings"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const w = await widthOnScreen(page);
    expect(w.page, `${path} is ${w.page} px wide on a ${w.screen} px screen`).toBeLessThanOrEqual(w.screen);
  }
});
