import { createPendingDraft } from "./support/db";
import { expect, test } from "./support/fixtures";

test("the template editor previews on a real visitor and refuses a body that fails the checks", async ({ asRole }, testInfo) => {
  await createPendingDraft(`tpl-${testInfo.workerIndex}-${testInfo.project.name}`); // ensures a real visitor exists
  const { page } = await asRole("APPROVER");
  await page.goto("/templates");
  const card = page.getByTestId("template-hot-pricing");
  await card.getByRole("button", { name: "Edit" }).click();
  const editor = card.getByTestId("template-editor");
  await expect(editor.getByTestId("preview-text")).toContainText("Unsubscribe");
  await editor.getByLabel(/Body/).fill("Hi {{ first_name }}, FREE money!!! Act now!!!");
  await editor.getByRole("button", { name: "Save as new version" }).click();
  await expect(editor.getByRole("alert")).toContainText("Not saved");
  await expect(card).toContainText("v1");
});
