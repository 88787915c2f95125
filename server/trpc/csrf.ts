/** Header every mutation must carry; browsers cannot add it to a cross-site request without CORS. */
export const CSRF_HEADER = "x-caio-csrf";

/**
 * Mutations are POSTs: refuse them unless they carry our custom header and, when the browser
 * names an origin, it is our own. Returns a reason to refuse, or null.
 */
export function csrfRefusal(req: { method: string; headers: Headers; url: string }, appUrl?: string): string | null {
  if (req.method !== "POST") return null;
  if (req.headers.get(CSRF_HEADER) !== "1") return "Missing anti-forgery header.";
  const origin = req.headers.get("origin");
  if (origin) {
    const allowed = new Set([new URL(req.url).origin]);
    if (appUrl) allowed.add(new URL(appUrl).origin);
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (host) allowed.add(`${new URL(req.url).protocol}//${host}`);
    if (!allowed.has(origin)) return "Cross-site request refused.";
  }
  return null;
}
