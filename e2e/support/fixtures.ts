import { test as base, expect, type APIRequestContext, type Page, type Response } from "@playwright/test";
import type { Role } from "@/server/domain/roles";
import { ensureUser, type E2EUser } from "./db";

/** Signs in through next-auth's credentials API (not the form): fast and independent of the UI. */
export async function signInViaApi(request: APIRequestContext, user: E2EUser): Promise<void> {
  const csrf = await request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: user.email, password: user.password, json: "true" },
  });
  expect(res.ok(), `sign-in as ${user.role} failed: ${res.status()}`).toBeTruthy();
  const session = await (await request.get("/api/auth/session")).json();
  expect(session?.user?.role).toBe(user.role);
}

/**
 * Makes every full page load of `page` (goto, reload) also wait until React has hydrated it
 * (`<html data-hydrated>`, set by components/ui/hydration-mark.tsx). Pages arrive server-rendered
 * with their data, so without this a key press or click can land before any handler exists.
 */
export function hydrating(page: Page): Page {
  const afterLoad = async (res: Response | null) => {
    if (res?.headers()["content-type"]?.includes("text/html")) await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
    return res;
  };
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  page.goto = async (url, options) => afterLoad(await goto(url, options));
  page.reload = async (options) => afterLoad(await reload(options));
  return page;
}

type Fixtures = {
  asRole: (role: Role) => Promise<{ page: Page; user: E2EUser }>;
};

export const test = base.extend<Fixtures>({
  page: async ({ page }, use) => {
    await use(hydrating(page));
  },
  asRole: async ({ browser }, use, testInfo) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (role) => {
      const user = await ensureUser(role, testInfo.workerIndex);
      const context = await browser.newContext({ ...testInfo.project.use });
      contexts.push(context);
      const page = hydrating(await context.newPage());
      await signInViaApi(page.request, user);
      return { page, user };
    });
    for (const c of contexts) await c.close();
  },
});

export { expect };
