import { dbReady, getDb } from "@/server/db/client";
import { status } from "@/server/features/breakers/breakers.service";
import { callbackHealth } from "@/server/features/enrichment/enrichment.service";
import { json } from "@/server/http/webhooks";
import { clayFromEnv } from "@/server/integrations/clay";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/webhooks/clay/health — breaker state and last-24 h callback figures (counts only). */
export async function GET(): Promise<Response> {
  await dbReady();
  const db = getDb();
  const [breakers, callbacks] = await Promise.all([status(db), callbackHealth(db)]);
  const breaker = breakers.find((b) => b.service === "clay")!;
  return json(200, {
    ok: breaker.state === "CLOSED",
    mode: clayFromEnv().mode,
    breaker: { state: breaker.state, failures: breaker.failures, openUntil: breaker.openUntil, lastFailureAt: breaker.lastFailureAt, lastSuccessAt: breaker.lastSuccessAt },
    callbacks,
  });
}
