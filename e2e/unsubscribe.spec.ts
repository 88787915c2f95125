import { createHmac } from "node:crypto";
import { E2E_NEXTAUTH_SECRET } from "../playwright.config";
import { createPendingDraft, e2eDb } from "./support/db";
import { expect, test } from "./support/fixtures";

// The link the server puts in every e-mail (server/features/drafting/compose-email.ts), for this E2E server's key.
const token = (visitorId: string) => createHmac("sha256", `unsubscribe:${E2E_NEXTAUTH_SECRET}`).update(`unsubscribe:${visitorId}`).digest("base64url");

test("the unsubscribe link asks once, then suppresses at once and drops open drafts; an altered link does nothing", async ({ page }, testInfo) => {
  const draft = await createPendingDraft(`unsub-${testInfo.workerIndex}-${testInfo.project.name}`);
  const db = await e2eDb();
  const { visitorId } = await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { visitorId: true } });

  await page.goto(`/api/unsubscribe?c=${visitorId}&t=${token(visitorId).slice(0, -1)}x`);
  await expect(page.getByRole("heading", { name: "This unsubscribe link is not valid" })).toBeVisible();

  await page.goto(`/api/unsubscribe?c=${visitorId}&t=${token(visitorId)}`);
  await expect(page.getByRole("heading", { name: "Unsubscribe?" })).toBeVisible();
  expect((await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true } })).status).toBe("PENDING_REVIEW");
  await page.getByRole("button", { name: "Unsubscribe me" }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
  expect((await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true } })).status).toBe("DROPPED");
});

test("RFC 8058 one-click POST unsubscribes without a page", async ({ request }, testInfo) => {
  const draft = await createPendingDraft(`oneclick-${testInfo.workerIndex}-${testInfo.project.name}`);
  const db = await e2eDb();
  const { visitorId } = await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { visitorId: true } });
  const res = await request.post(`/api/unsubscribe?c=${visitorId}&t=${token(visitorId)}`, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
  });
  expect(res.status()).toBe(200);
  expect((await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true } })).status).toBe("DROPPED");
});
