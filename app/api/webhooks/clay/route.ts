import { inngest } from "@/inngest/client";
import { enrichmentReceived } from "@/inngest/events";
import { dbReady, getDb } from "@/server/db/client";
import { clayCallback } from "@/server/features/enrichment/enrichment.schemas";
import { receiveCallback } from "@/server/features/enrichment/enrichment.service";
import { invalidField, json, parseJson, readRaw, safeEqual, withTimeout } from "@/server/http/webhooks";
import { CLAY_CALLBACK_SECRET_HEADER, clayCallbackSecret } from "@/server/integrations/clay";
import { logger } from "@/server/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** POST /api/webhooks/clay — Clay's HTTP-API column returns a row's enrichment with our request id. */
export async function POST(req: Request): Promise<Response> {
  const secret = clayCallbackSecret();
  if (!secret) return json(503, { error: "CLAY_CALLBACK_SECRET is not configured" });
  if (!safeEqual(req.headers.get(CLAY_CALLBACK_SECRET_HEADER), secret)) return json(401, { error: "invalid secret" });

  const read = await readRaw(req, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const raw = read.value;
  const parsedJson = parseJson(raw);
  if (!parsedJson.ok) return parsedJson.response;
  const body = parsedJson.value;
  const parsed = clayCallback.safeParse(body);
  if (!parsed.success) return invalidField(parsed.error.issues);

  await dbReady();
  const result = await receiveCallback(getDb(), parsed.data);
  if (result.kind === "not_found") return json(404, { error: "unknown requestId" });
  if (result.kind === "duplicate") return json(200, { ok: true, duplicate: true });
  try {
    // The waiting workflow also re-reads the request after its wait, so a lost event only delays it.
    await withTimeout(
      inngest.send(enrichmentReceived.create({ requestId: result.requestId, visitorId: result.visitorId, ok: result.ok }, { id: `clay-${result.requestId}` })),
      4_000, "inngest.send",
    );
  } catch (e) {
    logger.warn({ err: e, requestId: result.requestId }, "enrichmentReceived emit failed; the workflow will read the stored result after its wait");
  }
  return json(200, { ok: true });
}
