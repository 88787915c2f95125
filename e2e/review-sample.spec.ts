import { createPendingDraft, e2eDb } from "./support/db";
import { expect, test } from "./support/fixtures";

test("the review sample asks for every score (nothing pre-filled) and then keeps what Dani gave", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`review-w${testInfo.workerIndex}-${Date.now()}`);
  const { page, user } = await asRole("APPROVER");
  await page.goto("/scorecards/review");
  const item = page.getByTestId("sample-item").filter({ hasText: draft.subject });
  await expect(item).toBeVisible();
  await expect(item).toContainText("pending review"); // a label, not PENDING_REVIEW
  const form = item.locator("form");
  await expect(form.getByLabel("Tone")).toHaveValue("");
  await form.getByRole("button", { name: "Save scores" }).click();
  // Nothing chosen: the form is invalid, so the browser does not submit it, and nothing is stored.
  expect(await form.evaluate((f: HTMLFormElement) => f.checkValidity())).toBe(false);
  await expect(form.getByRole("button", { name: "Save scores" })).toBeVisible();
  const d = await e2eDb();
  const reviewerId = (await d.user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true } })).id;
  const ratings = () => d.emailRating.findMany({ where: { draftId: draft.id, reviewerId }, select: { personalisation: true, tone: true } });
  expect(await ratings()).toEqual([]);
  for (const label of ["Personalisation", "Subject line", "Value proposition", "Call to action", "Tone"]) await form.getByLabel(label).selectOption("4");
  await form.getByRole("button", { name: "Save scores" }).click();
  await expect(form.getByRole("button", { name: "Update scores" })).toBeVisible();
  expect(await ratings()).toEqual([{ personalisation: 4, tone: 4 }]);
});
