import { createPendingDraft } from "./support/db";
import { expect, test } from "./support/fixtures";

// The HTML itself carries the data (prefetched on the server), not a loading placeholder.
const PAGES: [string, RegExp, RegExp][] = [
  ["/inbox", /\d+ drafts? awaiting review|Nothing waiting for review/, /Loading drafts/],
  ["/scorecards", /Enrichment rate/, /Loading scorecards/],
  ["/phases", /Gate to (<!-- -->)?Assisted/, /Loading phases/],
  ["/settings", /Send limits/, /Loading settings/],
  ["/templates", /hot-pricing|HOT · pricing/, /Loading templates/],
];

for (const [path, present, absent] of PAGES) {
  test(`${path} renders server-side with its data`, async ({ asRole }) => {
    const { page } = await asRole("VIEWER");
    const res = await page.request.get(path);
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).toMatch(present);
    expect(html).not.toMatch(absent);
  });
}

test("a draft's page renders server-side with the e-mail", async ({ asRole }, testInfo) => {
  const draft = await createPendingDraft(`ssr-w${testInfo.workerIndex}-${Date.now()}`);
  const { page } = await asRole("VIEWER");
  const res = await page.request.get(`/inbox/${draft.id}`);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain(draft.subject);
  expect(html).not.toMatch(/Loading the draft/);
});
