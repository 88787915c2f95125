import type { Page } from "@playwright/test";
import { createPendingDraft, draftState } from "./support/db";
import { expect, test } from "./support/fixtures";
import { widthOnScreen } from "./support/phone";

const noHorizontalScroll = async (page: Page) => (await widthOnScreen(page)).fits;

test("on a phone Dani reads the queue, opens a draft, sees the e-mail and approves it", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`phone-w${testInfo.workerIndex}-${Date.now()}`, { tier: "HOT", warm: true });
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  const row = page.getByTestId("pending-item").filter({ hasText: draft.subject });
  await expect(row).toBeVisible();
  await expect(row.getByRole("button", { name: "Approve" })).toBeVisible();
  expect(await noHorizontalScroll(page)).toBe(true);

  await row.getByRole("link", { name: draft.subject }).tap();
  await expect(page.getByRole("heading", { name: draft.subject })).toBeVisible();
  await expect(page.getByTestId("email-preview")).toBeVisible();
  expect(await noHorizontalScroll(page)).toBe(true);
  await page.getByRole("button", { name: "Approve", exact: true }).tap();
  await expect(page.getByRole("status").filter({ hasText: "Approved" }).first()).toBeVisible();
  expect(["APPROVED", "SENDING", "SENT"]).toContain((await draftState(draft.id)).status);
});
