import { NextResponse, type NextRequest } from "next/server";

/**
 * Tells the app's pages where the request was going, so the sign-in redirect in
 * app/(app)/layout.tsx can come back to it (a Slack alert's link to a draft, a bookmarked page):
 * a layout cannot see the URL by itself. Decides nothing: the layout checks the session. The header
 * is always set here, so a client cannot supply its own.
 */
export const RETURN_TO_HEADER = "x-caio-return-to";

export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set(RETURN_TO_HEADER, `${req.nextUrl.pathname}${req.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

// Pages only: never the API (webhooks stay on the shortest path), Next's assets or the sign-in page.
export const config = { matcher: ["/((?!api/|_next/|sign-in|unsubscribe|favicon\\.ico).*)"] };
