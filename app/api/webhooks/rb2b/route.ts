import { inngest } from "@/inngest/client";
import { visitorIdentified } from "@/inngest/events";
import { dbReady, getDb } from "@/server/db/client";
import { expectedRb2bToken } from "@/server/features/visitors/intake-config";
import { intake, RB2B_MAX_BODY_BYTES, type Emit } from "@/server/features/visitors/visitors.service";
import { json, parseJson, readRaw, safeEqual, withTimeout } from "@/server/http/webhooks";
import { logger } from "@/server/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** RB2B needs an answer within 15 s; an emit that hangs is abandoned (and re-emitted by the sweep). */
const EMIT_TIMEOUT_MS = 4_000;

const emit: Emit = (data) =>
  withTimeout(inngest.send(visitorIdentified.create(data, { id: `rb2b-${data.deliveryId}` })), EMIT_TIMEOUT_MS, "inngest.send");

/** POST /api/webhooks/rb2b?token=… — RB2B sends no signature, only the token we gave it in the URL. */
export async function POST(req: Request): Promise<Response> {
  const expected = expectedRb2bToken();
  if (!expected) return json(503, { error: "RB2B_WEBHOOK_TOKEN is not configured" });
  const token = new URL(req.url).searchParams.get("token");
  if (!safeEqual(token, expected)) return json(401, { error: "invalid token" });

  const read = await readRaw(req, RB2B_MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const raw = read.value;
  const parsedJson = parseJson(raw);
  if (!parsedJson.ok) return parsedJson.response;
  const body = parsedJson.value;
  if (body === null || typeof body !== "object" || Array.isArray(body)) return json(400, { error: "body must be a JSON object" });

  await dbReady();
  try {
    const result = await intake(getDb(), body, raw, { emit });
    if (result.kind === "invalid") return json(400, { error: result.message, field: result.field });
    if (result.kind === "duplicate") return json(200, { ok: true, duplicate: true });
    return json(200, { ok: true, repeat: result.repeat });
  } catch (e) {
    logger.error({ err: e }, "rb2b intake failed");
    return json(500, { error: "internal error" });
  }
}
