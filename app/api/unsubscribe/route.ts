import { dbReady, getDb } from "@/server/db/client";
import { unsubscribe } from "@/server/features/suppression/unsubscribe.service";
import { readRaw } from "@/server/http/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 4 * 1024;

/** GET (the link in the e-mail): never unsubscribes by itself — link scanners prefetch — it shows the confirmation page. */
export function GET(req: Request): Response {
  const url = new URL(req.url);
  const page = new URL("/unsubscribe", url);
  page.searchParams.set("c", url.searchParams.get("c") ?? "");
  page.searchParams.set("t", url.searchParams.get("t") ?? "");
  return Response.redirect(page, 303);
}

/**
 * POST: RFC 8058 one-click (`List-Unsubscribe=One-Click` from the mailbox provider, ids in the URL)
 * or our confirmation form (ids in the form). Honoured at once.
 */
export async function POST(req: Request): Promise<Response> {
  const url = new URL(req.url);
  // Capped like every public POST: the form is two ids; reading an unbounded body first was a memory lever.
  const read = await readRaw(req, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const text = read.value;
  const form = new URLSearchParams(text);
  const c = url.searchParams.get("c") ?? form.get("c") ?? "";
  const t = url.searchParams.get("t") ?? form.get("t") ?? "";
  const fromOurPage = form.get("confirm") === "1";
  await dbReady();
  const result = await unsubscribe(getDb(), c, t, fromOurPage ? "link" : "one-click");
  if (fromOurPage) {
    const done = new URL("/unsubscribe", url);
    done.searchParams.set(result.ok ? "done" : "invalid", "1");
    return Response.redirect(done, 303);
  }
  return new Response(result.ok ? "unsubscribed\n" : "invalid unsubscribe link\n", { status: result.ok ? 200 : 400, headers: { "content-type": "text/plain" } });
}
