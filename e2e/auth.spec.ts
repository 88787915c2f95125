import { ensureUser } from "./support/db";
import { expect, test } from "./support/fixtures";

test("the sign-in form signs Dani in and rejects a wrong password", async ({ page }, testInfo) => {
  const user = await ensureUser("APPROVER", testInfo.workerIndex);
  await page.goto("/inbox");
  await expect(page).toHaveURL(/\/sign-in/);

  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /./ })).toContainText("do not match");

  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByTestId("current-user")).toContainText(user.name);
});

test("a link into the app (an alert's link to a page) leads through sign-in back to that page", async ({ page }, testInfo) => {
  const user = await ensureUser("APPROVER", testInfo.workerIndex);
  await page.goto("/audit?action=send.claim");
  await expect(page).toHaveURL(/\/sign-in\?.*callbackUrl=%2Faudit%3Faction%3Dsend\.claim/);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/audit\?action=send\.claim$/);
});

test("malformed sign-in input gets a clear message, not a stack trace", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill("not-an-email");
  await page.getByLabel("Password").fill("x");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /./ })).toContainText("valid e-mail");
});

for (const role of ["VIEWER", "APPROVER", "ADMIN"] as const) {
  test(`${role.toLowerCase()} signs in through the API and sees the shell`, async ({ asRole }) => {
    const { page, user } = await asRole(role);
    await page.goto("/inbox");
    await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
    await expect(page.getByTestId("current-user")).toContainText(new RegExp(role, "i"));
    for (const link of ["Inbox", "Scorecards", "Phases", "Templates", "Learnings", "Audit", "Settings"]) {
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link })).toBeVisible();
    }
    expect(user.role).toBe(role);
  });
}

test("sign-out ends the session", async ({ asRole }) => {
  const { page } = await asRole("VIEWER");
  await page.goto("/inbox");
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an expired session says signed out instead of showing an empty list", async ({ asRole }) => {
  const { page } = await asRole("VIEWER");
  await page.goto("/inbox");
  await expect(page.getByRole("heading", { name: "Inbox" })).toBeVisible();
  await page.context().clearCookies();
  await page.getByRole("link", { name: "Audit" }).first().click();
  await expect(page.getByText(/signed out/i).first()).toBeVisible();
});
