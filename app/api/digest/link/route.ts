import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { MAX_TOKEN_LENGTH } from "@/server/features/digest/action-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Where a digest's one-click link points (Slack buttons, the Digest page). A GET never acts —
 * Slack unfurls links and scanners prefetch them — it only leads to the confirmation page, through
 * the sign-in page (which returns there) when the browser has no session.
 */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const token = (url.searchParams.get("token") ?? "").slice(0, MAX_TOKEN_LENGTH);
  const confirm = `/digest/confirm?token=${encodeURIComponent(token)}`;
  const session = await getServerSession(authOptions).catch(() => null);
  const target = session ? confirm : `/sign-in?callbackUrl=${encodeURIComponent(confirm)}`;
  // A relative Location (RFC 9110 §10.2.2): req.url's host can differ from the one the browser used
  // (e.g. localhost vs 127.0.0.1), and the session cookie belongs to the browser's host.
  return new Response(null, { status: 303, headers: { location: target, "cache-control": "no-store" } });
}
