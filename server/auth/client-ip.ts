/**
 * The client address the sign-in throttle keys on. Next.js sets `x-forwarded-for` to the socket's
 * address only when the request has none; a reverse proxy APPENDS the address it saw. So the
 * RIGHT-most entry is the one written by the nearest hop we run (Next itself, or our proxy),
 * while everything left of it may have been typed by the client: taking the first entry let anyone
 * dodge the per-address limit by sending a new `X-Forwarded-For` with each guess.
 * (Exposed without a proxy, a client's own header still reaches us unchanged — Next gives route
 * handlers no socket address — so the per-e-mail lock is the limit that always holds.)
 */
export function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const fwd = headers?.["x-forwarded-for"];
  const entries = (Array.isArray(fwd) ? fwd.join(",") : (fwd ?? "")).split(",").map((s) => s.trim()).filter(Boolean);
  return entries.at(-1)?.slice(0, 64) || "unknown";
}
