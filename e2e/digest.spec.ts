import { e2eDb } from "./support/db";
import { expect, hydrating, test } from "./support/fixtures";

test("the digest proposes un-flagging a template; its link opens a confirmation, acts once on POST, and cannot be reused or altered", async ({ asRole, browser }, testInfo) => {
  const db = await e2eDb();
  const name = `E2E flagged w${testInfo.workerIndex} ${Date.now()}`;
  // Inactive, so no draft in another spec is ever rendered from it.
  const tpl = await db.template.create({ data: { key: name.replace(/\W+/g, "-").toLowerCase(), name, tier: "LOW", angle: "e2e", active: false, flaggedAt: new Date(), flagReason: "3 negative replies (e2e)" } });

  const { page, user } = await asRole("APPROVER");
  await page.goto("/digest");
  await page.getByRole("button", { name: "Generate digest now" }).click();
  await expect(page).toHaveURL(/\/digest\?id=/);
  await expect(page.getByTestId("digest-sent")).toBeVisible();
  const action = page.getByTestId("digest-action").filter({ hasText: `Un-flag "${name}"` });
  await expect(action).toBeVisible();
  const link = action.getByRole("link", { name: "Review and confirm" });

  // From Slack without a session: the link leads through sign-in back to the confirmation, acting on nothing.
  const href = (await link.getAttribute("href"))!;
  const anon = await browser.newContext({ ...testInfo.project.use });
  const anonPage = hydrating(await anon.newPage());
  await anonPage.goto(href);
  await expect(anonPage).toHaveURL(/\/sign-in\?callbackUrl=/);
  await anonPage.getByLabel("E-mail").fill(user.email);
  await anonPage.getByLabel("Password").fill(user.password);
  await anonPage.getByRole("button", { name: "Sign in" }).click();
  await expect(anonPage).toHaveURL(/\/digest\/confirm\?token=/);
  await expect(anonPage.getByTestId("confirm-title")).toHaveText(`Un-flag template "${name}"`);
  await anon.close();
  expect((await db.template.findUniqueOrThrow({ where: { id: tpl.id } })).flaggedAt).not.toBeNull();

  await link.click();

  await expect(page).toHaveURL(/\/digest\/confirm\?token=/);
  const confirmUrl = page.url();
  await expect(page.getByTestId("confirm-title")).toHaveText(`Un-flag template "${name}"`);
  // Opening the page changed nothing.
  expect((await db.template.findUniqueOrThrow({ where: { id: tpl.id } })).flaggedAt).not.toBeNull();
  await page.getByRole("button", { name: /^Confirm:/ }).click();
  await expect(page.getByTestId("confirm-done")).toContainText("back in rotation");
  expect((await db.template.findUniqueOrThrow({ where: { id: tpl.id } })).flaggedAt).toBeNull();

  // Single use: the same link again.
  await page.goto(confirmUrl);
  await expect(page.getByTestId("confirm-problem")).toContainText("already used");
  await expect(page.getByRole("button", { name: /^Confirm:/ })).toHaveCount(0);

  // Altered: one character of the token changed.
  const token = new URL(confirmUrl).searchParams.get("token")!;
  const altered = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
  await page.goto(`/digest/confirm?token=${encodeURIComponent(altered)}`);
  await expect(page.getByTestId("confirm-problem")).toContainText(/altered|not a valid/);
});

test("a viewer reads the digest and a link's confirmation page but cannot act", async ({ asRole }) => {
  const { page: approver } = await asRole("APPROVER");
  await approver.goto("/digest");
  await approver.getByRole("button", { name: "Generate digest now" }).click();
  await expect(approver).toHaveURL(/\/digest\?id=/);

  const { page } = await asRole("VIEWER");
  await page.goto("/digest");
  await expect(page.getByRole("heading", { name: /Weekly digest/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Generate digest now" })).toHaveCount(0);
  await expect(page.getByTestId("digest-reply-rate")).toBeVisible();
  await page.goto("/digest/confirm?token=abc.def");
  await expect(page.getByTestId("confirm-problem")).toBeVisible();
});
