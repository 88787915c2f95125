import { createPendingDraft } from "./support/db";
import { expect, test } from "./support/fixtures";

test("a viewer sees pending drafts but no approve controls, and the server refuses its mutations", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`viewer-${testInfo.workerIndex}-${testInfo.project.name}`);
  const { page } = await asRole("VIEWER");
  await page.goto("/inbox");
  await expect(page.getByTestId("pending-item").filter({ hasText: draft.subject })).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reject" })).toHaveCount(0);

  await page.goto("/settings");
  await expect(page.getByTestId("kill-switch-PAUSE_ALL_SENDS")).toBeVisible();
  await expect(page.getByRole("button", { name: /Turn (on|off)/ })).toHaveCount(0);

  const res = await page.request.post("/api/trpc/settings.setKillSwitch", {
    headers: { "x-caio-csrf": "1", "content-type": "application/json" },
    data: { name: "PAUSE_ALL_SENDS", on: true },
  });
  expect(res.status()).toBe(403);
});

test("an approver sees approve controls and can flip a kill switch", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`approver-${testInfo.workerIndex}-${testInfo.project.name}`);
  const { page } = await asRole("APPROVER");
  await page.goto("/inbox");
  await expect(page.getByTestId("pending-item").filter({ hasText: draft.subject }).getByRole("button", { name: "Approve" })).toBeVisible();

  await page.goto("/settings");
  const row = page.getByTestId("kill-switch-REQUIRE_MANUAL_APPROVAL");
  const before = (await row.getByText(/^(ON|OFF)$/).textContent())?.trim();
  const flip = async (to: "ON" | "OFF") => {
    await row.getByRole("button", { name: /Turn (on|off)/ }).click();
    if (to === "OFF") {
      // Turning a switch off asks once more; Cancel leaves it on.
      await row.getByRole("button", { name: "Cancel" }).click();
      await expect(row.getByText("ON", { exact: true })).toBeVisible();
      await row.getByRole("button", { name: /Turn off/ }).click();
      await row.getByRole("button", { name: "Yes, turn it off" }).click();
    }
    await expect(row.getByText(to, { exact: true })).toBeVisible();
  };
  await flip(before === "ON" ? "OFF" : "ON");
  await flip(before === "ON" ? "ON" : "OFF");
});

test("a mutation from another origin is refused", async ({ asRole }) => {
  const { page } = await asRole("APPROVER");
  const res = await page.request.post("/api/trpc/settings.setKillSwitch", {
    headers: { "x-caio-csrf": "1", origin: "https://evil.example", "content-type": "application/json" },
    data: { name: "PAUSE_ALL_SENDS", on: true },
  });
  expect(res.status()).toBe(403);
});

test("security headers are on every page", async ({ page }) => {
  for (const path of ["/sign-in", "/api/auth/csrf"]) {
    const res = await page.request.get(path);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
});
