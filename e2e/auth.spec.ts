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

test("sign-in never sends anyone to another site, however the callback is spelled", async ({ page }, testInfo) => {
  const user = await ensureUser("APPROVER", testInfo.workerIndex);
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("/\\evil.example/phish")}`);
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/inbox$/);
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

test("on a laptop or a small desktop no label in the top bar breaks, for every role (the admin has the most links)", async ({ asRole }) => {
  for (const role of ["VIEWER", "APPROVER", "ADMIN"] as const) {
    const { page } = await asRole(role);
    for (const width of [1024, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto("/inbox");
      const bar = await page.locator("header").first().evaluate((h) => {
        const items = [...h.querySelectorAll("a, button, [data-testid=current-user]")].filter((e) => (e as HTMLElement).offsetParent !== null);
        const box = (e: Element) => e.getBoundingClientRect();
        return {
          rows: new Set(items.map((e) => Math.round((box(e).top + box(e).bottom) / 2 / 8))).size,
          // a label broken over two lines makes its item taller than one line of text-sm plus padding
          wrapped: items.filter((e) => box(e).height > 40).map((e) => e.textContent),
          overflows: h.scrollWidth > h.clientWidth,
        };
      });
      // From 1280 px everything is one line; below it the links fold into the menu and the user and
      // sign-out take a second line.
      expect(bar, `${role} at ${width} px`).toEqual({ rows: width >= 1280 ? 1 : 2, wrapped: [], overflows: false });
    }
  }
});

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
