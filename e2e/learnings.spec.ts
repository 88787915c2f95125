import { seedSent, type SentSpec } from "@/server/testing/learning-fixtures";
import { e2eDb } from "./support/db";
import { expect, test } from "./support/fixtures";

/**
 * The Learnings page on sandbox data: sends and outcomes are created in the E2E database for a
 * template of this test's own (its angle fits no lead, so no other spec drafts with it), then an
 * approver re-evaluates, reviews the flag it raised and decides the ICP proposal; a viewer only reads.
 */
test("shows the learner's conclusions with evidence; an approver reviews a flag and decides ICP weights; a viewer reads only", async ({ asRole }, testInfo) => {
  const tag = `e2elearn${testInfo.workerIndex}${testInfo.project.name}`.toLowerCase().replace(/[^a-z0-9]/g, "");
  const db = await e2eDb();
  // Two templates of this test's own: one collects negative outcomes, the other positive ones.
  for (const key of [tag, `${tag}b`]) {
    await db.template.create({
      data: {
        key, name: `E2E learn ${key}`, tier: "MEDIUM", angle: `e2e_only_${tag}`,
        versions: { create: { version: 1, body: "Hi" } }, variants: { create: [{ key: "A", subject: "Subject A" }, { key: "B", subject: "Subject B" }] },
      },
    });
  }
  const old = (i: number) => new Date(Date.now() - (5 + (i % 3)) * 86_400_000);
  const specs: SentSpec[] = [
    // Repeated negative outcomes: the flag rule fires.
    ...Array.from({ length: 24 }, (_, i): SentSpec => ({ template: tag, variant: "A", seniority: "DIRECTOR", sentAt: old(i), outcomes: i < 12 ? ["REPLY:NEGATIVE"] : [] })),
    // A signal with a clear lift: an ICP proposal.
    ...Array.from({ length: 40 }, (_, i): SentSpec => ({ template: `${tag}b`, variant: "B", seniority: "DIRECTOR", signals: ["icp_industry"], sentAt: old(i), outcomes: i < 16 ? ["REPLY:POSITIVE"] : [] })),
  ];
  await seedSent(db, specs, tag);

  const viewer = await asRole("VIEWER");
  await viewer.page.goto("/learnings");
  await expect(viewer.page.getByRole("heading", { name: "Learnings" })).toBeVisible();
  await expect(viewer.page.getByTestId("context-MEDIUM:leader")).toContainText(tag);
  await expect(viewer.page.getByTestId("context-MEDIUM:leader").getByTestId("conclusion")).toContainText("90 % interval");
  await expect(viewer.page.getByRole("button", { name: "Re-evaluate now" })).toHaveCount(0);

  const { page } = await asRole("APPROVER");
  await page.goto("/learnings");
  await page.getByRole("button", { name: "Re-evaluate now" }).click();
  const flag = page.getByTestId(`flag-${tag}`);
  await expect(flag).toContainText("negative outcomes");
  const t = await db.template.findUniqueOrThrow({ where: { key: tag }, select: { flaggedAt: true } });
  expect(t.flaggedAt).not.toBeNull();

  await flag.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(flag).toHaveCount(0);
  expect((await db.template.findUniqueOrThrow({ where: { key: tag }, select: { flaggedAt: true } })).flaggedAt).toBeNull();
  const reviewed = await db.auditLog.findFirst({ where: { action: "template.flagReviewed" }, orderBy: { seq: "desc" }, select: { subjectType: true } });
  expect(reviewed?.subjectType).toBe("template");

  // The proposal names this test's signal; rejecting leaves the settings untouched for other specs.
  const icp = page.getByTestId("icp-section");
  await expect(icp.getByTestId("icp-table")).toBeVisible();
  await icp.getByRole("button", { name: "Reject" }).click();
  await expect(icp.getByTestId("icp-history")).toContainText("rejected");
});
