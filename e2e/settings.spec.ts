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

test("an admin changes every newly exposed setting: each survives a reload, a bad value is refused with a message and the old value stays; a viewer only reads", async ({ asRole }, testInfo) => {
  const { page } = await asRole("ADMIN");
  await page.goto("/settings");
  await expect(page.getByTestId("setting-phase")).toContainText("Current phase:");

  // Send-time optimisation (on, 24 h by default).
  const sendTime = () => page.getByTestId("setting-send-time");
  await sendTime().getByLabel("Wait for a better send time").uncheck();
  await sendTime().getByLabel("Longest wait (hours)").fill("12");
  await sendTime().getByRole("button", { name: "Save" }).click();
  await expect(sendTime().getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(sendTime().getByLabel("Wait for a better send time")).not.toBeChecked();
  await expect(sendTime().getByLabel("Longest wait (hours)")).toHaveValue("12");
  await sendTime().getByLabel("Longest wait (hours)").fill("100");
  await sendTime().getByRole("button", { name: "Save" }).click();
  await expect(sendTime().getByLabel("Longest wait (hours)")).toHaveJSProperty("validity.valid", false);
  await page.reload();
  await expect(sendTime().getByLabel("Longest wait (hours)")).toHaveValue("12");
  await sendTime().getByLabel("Wait for a better send time").check();
  await sendTime().getByLabel("Longest wait (hours)").fill("24");
  await sendTime().getByRole("button", { name: "Save" }).click();
  await expect(sendTime().getByRole("status")).toHaveText("Saved.");

  // Call prep: the GHL field keys (the dry-run switch is exercised in outcomes.spec.ts, after its dry-run brief).
  const prep = () => page.getByTestId("setting-call-prep");
  await expect(prep().getByLabel("Dry run: prepare briefs without writing to GHL")).toBeChecked();
  const briefKey = `contact.caio_brief_w${testInfo.workerIndex}`;
  await prep().getByLabel("Brief field").fill(briefKey);
  await prep().getByRole("button", { name: "Save" }).click();
  await expect(prep().getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(prep().getByLabel("Brief field")).toHaveValue(briefKey);
  await prep().getByLabel("Talking points field").fill("Talking Points");
  await prep().getByRole("button", { name: "Save" }).click();
  await expect(prep().getByRole("alert")).toContainText("talkingPoints must be a GHL contact field key");
  await prep().getByLabel("Talking points field").fill(briefKey);
  await prep().getByRole("button", { name: "Save" }).click();
  await expect(prep().getByRole("alert")).toContainText("needs its own GHL field");
  await page.reload();
  await expect(prep().getByLabel("Talking points field")).toHaveValue("contact.caio_talking_points");
  await expect(prep().getByLabel("Brief field")).toHaveValue(briefKey);
  await prep().getByLabel("Brief field").fill("contact.caio_call_prep");
  await prep().getByRole("button", { name: "Save" }).click();
  await expect(prep().getByRole("status")).toHaveText("Saved.");

  // Enrichment backfill.
  const backfill = () => page.getByTestId("setting-backfill");
  await backfill().getByLabel("Visitors per run").fill("30");
  await backfill().getByLabel("Attempts per visitor").fill("4");
  await backfill().getByRole("button", { name: "Save" }).click();
  await expect(backfill().getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(backfill().getByLabel("Visitors per run")).toHaveValue("30");
  await backfill().getByLabel("Visitors per run").fill("0");
  await backfill().getByRole("button", { name: "Save" }).click();
  await expect(backfill().getByLabel("Visitors per run")).toHaveJSProperty("validity.valid", false);
  await page.reload();
  await expect(backfill().getByLabel("Visitors per run")).toHaveValue("30");
  await expect(backfill().getByLabel("Attempts per visitor")).toHaveValue("4");
  await backfill().getByLabel("Visitors per run").fill("25");
  await backfill().getByLabel("Attempts per visitor").fill("5");
  await backfill().getByRole("button", { name: "Save" }).click();
  await expect(backfill().getByRole("status")).toHaveText("Saved.");

  // Weekly digest schedule (Monday from 8:00 by default).
  const digest = () => page.getByTestId("setting-digest");
  await digest().getByLabel("Day").selectOption({ label: "Tuesday" });
  await digest().getByLabel("From hour").fill("9");
  await digest().getByRole("button", { name: "Save" }).click();
  await expect(digest().getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(digest().getByLabel("Day")).toHaveValue("2");
  await expect(digest().getByLabel("From hour")).toHaveValue("9");
  await digest().getByLabel("From hour").fill("30");
  await digest().getByRole("button", { name: "Save" }).click();
  await expect(digest().getByLabel("From hour")).toHaveJSProperty("validity.valid", false);
  await page.reload();
  await expect(digest().getByLabel("From hour")).toHaveValue("9");
  await digest().getByLabel("Day").selectOption({ label: "Monday" });
  await digest().getByLabel("From hour").fill("8");
  await digest().getByRole("button", { name: "Save" }).click();
  await expect(digest().getByRole("status")).toHaveText("Saved.");

  // Paused sending domains: a domain no real send uses, so other specs running meanwhile are not disturbed.
  const domain = `e2e-settings-w${testInfo.workerIndex}-${Date.now()}.test`;
  const paused = () => page.getByTestId("setting-paused-domains");
  await paused().getByLabel("Domain to pause").fill(domain);
  await paused().getByLabel("Reason (optional)").fill("warming up");
  await paused().getByRole("button", { name: "Pause domain" }).click();
  await expect(paused().getByTestId("paused-domain").filter({ hasText: domain })).toContainText("warming up");
  await page.reload();
  await expect(paused().getByTestId("paused-domain").filter({ hasText: domain })).toBeVisible();
  await paused().getByLabel("Domain to pause").fill("not a domain");
  await paused().getByRole("button", { name: "Pause domain" }).click();
  await expect(paused().getByRole("alert")).toContainText("must be a domain");
  await expect(paused().getByTestId("paused-domain").filter({ hasText: domain })).toBeVisible();

  const viewer = await asRole("VIEWER");
  await viewer.page.goto("/settings");
  await expect(viewer.page.getByTestId("setting-paused-domains").getByTestId("paused-domain").filter({ hasText: domain })).toBeVisible();
  await expect(viewer.page.getByTestId("setting-paused-domains").getByRole("button")).toHaveCount(0);
  for (const id of ["setting-send-time", "setting-call-prep", "setting-backfill"]) {
    await expect(viewer.page.getByTestId(id).getByRole("button", { name: "Save" })).toHaveCount(0);
  }
  await expect(viewer.page.getByTestId("setting-send-time").getByLabel("Longest wait (hours)")).toBeDisabled();
  await expect(viewer.page.getByTestId("setting-call-prep").getByLabel("Brief field")).toBeDisabled();

  await paused().getByRole("button", { name: `Resume ${domain}` }).click();
  await expect(paused().getByTestId("paused-domain").filter({ hasText: domain })).toHaveCount(0);
  await page.reload();
  await expect(paused().getByTestId("paused-domain").filter({ hasText: domain })).toHaveCount(0);
});
