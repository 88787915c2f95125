import { dbReady, getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { health } from "@/server/features/status/status.service";
import { json } from "@/server/http/webhooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/health — no business data. 200 when the database answers (even if degraded), else 503. */
export async function GET(): Promise<Response> {
  let result;
  try {
    await dbReady();
    const base = env().INNGEST_BASE_URL;
    result = await health(getDb(), { executorUrl: base ? new URL("/health", base).toString() : undefined });
  } catch {
    result = { ok: false, status: "down", database: "error" };
  }
  return json(result.ok ? 200 : 503, result);
}
