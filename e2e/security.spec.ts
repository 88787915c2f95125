import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { hashPassword } from "@/server/auth/passwords";
import { MAX_FAILURES } from "@/server/domain/sign-in-throttle";
import { createPendingDraft, e2eDb, ensureUser } from "./support/db";
import { expect, signInViaApi, test } from "./support/fixtures";

// Security against the production build over HTTP (the deployed headers, cookies and routes,
// not unit-level stand-ins). Pages are discovered from app/**/page.tsx, so a new page is checked
// without anyone adding it here.

/** Every page route of the app: route groups dropped, dynamic segments filled in by `fill`. */
function pageRoutes(fill: Record<string, string>): string[] {
  const root = path.resolve(process.cwd(), "app");
  const out: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name.startsWith("_") || name === "api") continue;
        const seg = /^\(.*\)$/.test(name) ? null : /^\[.*\]$/.test(name) ? (fill[name] ?? "unknown") : name;
        walk(full, seg === null ? segments : [...segments, seg]);
      } else if (name === "page.tsx") {
        out.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(root, []);
  return out.sort();
}

function expectSecurityHeaders(h: Record<string, string>, where: string) {
  expect(h["content-security-policy"], where).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"], where).toContain("default-src 'self'");
  expect(h["content-security-policy"], where).toContain("object-src 'none'");
  expect(h["content-security-policy"], where).not.toContain("unsafe-eval");
  expect(h["x-content-type-options"], where).toBe("nosniff");
  expect(h["x-frame-options"], where).toBe("DENY");
  expect(h["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
  expect(h["permissions-policy"], where).toContain("camera=()");
  expect(h["strict-transport-security"], where).toContain("max-age=");
  expect(h["x-powered-by"], where).toBeUndefined();
}

test("every page, signed in or not, carries the security headers", async ({ playwright, baseURL }, testInfo) => {
  const draft = await createPendingDraft(`headers-${testInfo.workerIndex}-${testInfo.project.name}`);
  const routes = pageRoutes({ "[draftId]": draft.id });
  expect(routes.length).toBeGreaterThanOrEqual(10);
  const admin = await playwright.request.newContext({ baseURL });
  await signInViaApi(admin, await ensureUser("ADMIN", testInfo.workerIndex));
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const route of routes) {
    for (const [who, ctx] of [["admin", admin], ["anonymous", anonymous]] as const) {
      const res = await ctx.get(route, { maxRedirects: 0 });
      expect(res.status(), `${who} ${route}`).toBeLessThan(500);
      expectSecurityHeaders(res.headers(), `${who} ${route}`);
    }
  }
  // API answers too: JSON, errors and webhooks.
  for (const [method, route] of [["GET", "/api/health"], ["GET", "/api/auth/csrf"], ["POST", "/api/webhooks/rb2b?token=wrong"], ["GET", "/api/trpc/me.get"]] as const) {
    const res = await anonymous.fetch(route, { method, maxRedirects: 0 });
    expectSecurityHeaders(res.headers(), `${method} ${route}`);
  }
  await admin.dispose();
  await anonymous.dispose();
});

test("mutations from another origin are refused and change nothing; the same request from our origin works", async ({ playwright, baseURL }, testInfo) => {
  const draft = await createPendingDraft(`csrf-${testInfo.workerIndex}-${testInfo.project.name}`);
  const db = await e2eDb();
  const { version } = await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { version: true } });
  const ctx = await playwright.request.newContext({ baseURL });
  await signInViaApi(ctx, await ensureUser("APPROVER", testInfo.workerIndex));
  const input = { draftId: draft.id, version, until: new Date(Date.now() + 86_400_000).toISOString() };
  const attempts: [string, Record<string, string>, string][] = [
    ["another origin, even with the header", { "x-caio-csrf": "1", origin: "https://evil.example", "content-type": "application/json" }, JSON.stringify(input)],
    ["a plain cross-site form post (no custom header)", { origin: "https://evil.example", "content-type": "text/plain" }, JSON.stringify(input)],
    ["same origin without the anti-forgery header", { "content-type": "application/json" }, JSON.stringify(input)],
    ["a look-alike origin", { "x-caio-csrf": "1", origin: `${baseURL}.evil.example`, "content-type": "application/json" }, JSON.stringify(input)],
  ];
  for (const [what, headers, data] of attempts) {
    const res = await ctx.post("/api/trpc/approvals.snooze", { headers, data });
    expect(res.status(), what).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message, what).toMatch(/refused|anti-forgery/);
    expect((await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true } })).status, what).toBe("PENDING_REVIEW");
  }
  const ok = await ctx.post("/api/trpc/approvals.snooze", { headers: { "x-caio-csrf": "1", origin: baseURL!, "content-type": "application/json" }, data: JSON.stringify(input) });
  expect(ok.status()).toBe(200);
  expect((await db.draft.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true } })).status).toBe("SNOOZED");
  await ctx.dispose();
});

test("a sign-in posted from another site without next-auth's CSRF token gets no session", async ({ playwright, baseURL }, testInfo) => {
  const user = await ensureUser("VIEWER", testInfo.workerIndex);
  const ctx = await playwright.request.newContext({ baseURL });
  const res = await ctx.post("/api/auth/callback/credentials", {
    headers: { origin: "https://evil.example", "x-forwarded-for": `198.51.100.${testInfo.workerIndex + 10}` },
    form: { email: user.email, password: user.password, json: "true" },
    maxRedirects: 0,
  });
  expect(res.headers()["set-cookie"] ?? "").not.toContain("next-auth.session-token");
  expect((await (await ctx.get("/api/auth/session")).json()) as object).toEqual({});
  await ctx.dispose();
});

test("the session cookie is HttpOnly, SameSite=Lax, host-wide and short-lived", async ({ playwright, baseURL }, testInfo) => {
  const user = await ensureUser("VIEWER", testInfo.workerIndex);
  const ctx = await playwright.request.newContext({ baseURL });
  const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email: user.email, password: user.password, json: "true" }, maxRedirects: 0 });
  const cookies = res.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
  const session = cookies.find((c) => /^(__Secure-)?next-auth\.session-token=/.test(c));
  expect(session, cookies.join("\n")).toBeDefined();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).toMatch(/;\s*Path=\/(;|$)/i);
  expect(session).not.toMatch(/;\s*Domain=/i); // host-only
  // Secure exactly when the app is served over https (next-auth then also uses the __Secure- prefix).
  expect(/;\s*Secure/i.test(session!)).toBe(baseURL!.startsWith("https:"));
  const expires = /;\s*Expires=([^;]+)/i.exec(session!)?.[1];
  expect(expires).toBeDefined();
  expect(Date.parse(expires!) - Date.now()).toBeLessThanOrEqual(12 * 3_600_000 + 60_000);
  for (const c of cookies.filter((x) => /csrf-token/.test(x))) expect(c).toMatch(/HttpOnly/i);
  await ctx.dispose();
});

test("sign-in is rate limited: after repeated failures even the right password is refused", async ({ playwright, baseURL }, testInfo) => {
  const db = await e2eDb();
  const email = `throttle-${testInfo.workerIndex}-${testInfo.project.name}-${Date.now()}@e2e.local`;
  await db.user.create({ data: { email, name: "Throttle Test", role: "VIEWER", passwordHash: await hashPassword("right-password-1") } });
  // A client address of its own, so the per-address lock cannot touch the other tests' sign-ins.
  const ip = `203.0.113.${(testInfo.workerIndex * 7 + (testInfo.project.name === "phone" ? 3 : 0)) % 250}`;
  const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": ip } });
  const attempt = async (password: string) => {
    const { csrfToken } = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await ctx.post("/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, maxRedirects: 0 });
    const session = (await (await ctx.get("/api/auth/session")).json()) as { user?: unknown };
    return { res, signedIn: Boolean(session.user) };
  };
  for (let i = 0; i < MAX_FAILURES; i++) expect((await attempt(`wrong-${i}`)).signedIn).toBe(false);
  const locked = await attempt("right-password-1");
  expect(locked.signedIn).toBe(false);
  expect(JSON.stringify(await locked.res.json())).toContain("LOCKED");
  const row = await db.signInThrottle.findUnique({ where: { key: `email:${email}` }, select: { lockedUntil: true } });
  expect(row?.lockedUntil?.getTime()).toBeGreaterThan(Date.now());
  await ctx.dispose();
});
