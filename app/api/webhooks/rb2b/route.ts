import { after } from "next/server";
import { inngest } from "@/inngest/client";
import { visitorIdentified } from "@/inngest/events";
import { dbReady, getDb } from "@/server/db/client";
import { expectedRb2bToken } from "@/server/features/visitors/intake-config";
import { intake, RB2B_MAX_BODY_BYTES, sendAndRecord, type VisitorIdentified } from "@/server/features/visitors/visitors.service";
import { json, parseJson, readRaw, safeEqual, withTimeout } from "@/server/http/webhooks";
import { logger } from "@/server/logger";
import { batched } from "@/server/batched";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A send that hangs is abandoned after this (its events are re-emitted by the sweep). */
const EMIT_TIMEOUT_MS = 4_000;
/**
 * The events are sent after the 200, so they can wait a little for company: deliveries stored
 * within EMIT_LINGER_MS share one inngest.send and one record of it on the writer
 * (server/batched.ts, sendAndRecord). At 500 deliveries/s that is ~10 events a send instead of
 * one; a lone visitor reaches the pipeline 20 ms later.
 */
const EMIT_LINGER_MS = 20;
const sendVisitorEvents = batched(
  (events: ReturnType<typeof visitorIdentified.create>[]) =>
    sendAndRecord(getDb(), events.map((e) => e.data.deliveryId), () => withTimeout(inngest.send(events), EMIT_TIMEOUT_MS, "inngest.send")),
  { lingerMs: EMIT_LINGER_MS },
);

/**
 * Next's `after` keeps a request alive until a promise settles (waitUntil on serverless hosts).
 * It is called once per batch, not per delivery: each call binds an async resource, which showed
 * in the intake benchmark's profile. The request that opens a batch is kept alive until that batch
 * is sent and recorded; a delivery queued while a batch is in flight goes out with a later batch
 * and keeps no request alive (on `next start` none needs to; an event lost with the process is
 * re-sent by the sweep).
 */
let inFlight: Promise<unknown> | undefined;
function queueEvent(stored: VisitorIdentified): void {
  let event: ReturnType<typeof visitorIdentified.create>;
  try {
    event = visitorIdentified.create(stored, { id: `rb2b-${stored.deliveryId}` });
  } catch (err) {
    // The delivery is stored and answered 200 regardless; it stays unemitted for the sweep.
    logger.error({ err, deliveryId: stored.deliveryId }, "visitor/identified event could not be built; the sweep will re-emit");
    return;
  }
  // sendAndRecord never rejects, so neither does the batch.
  const sent = sendVisitorEvents(event);
  if (inFlight) return;
  inFlight = sent.finally(() => {
    inFlight = undefined;
  });
  try {
    after(inFlight);
  } catch {
    // No request scope (the handler invoked directly, as the pipeline's integration tests do): the send is under way regardless.
  }
}

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
    const result = await intake(getDb(), body, raw, { queue: queueEvent });
    if (result.kind === "invalid") return json(400, { error: result.message, field: result.field });
    if (result.kind === "duplicate") return json(200, { ok: true, duplicate: true });
    return json(200, { ok: true, repeat: result.repeat });
  } catch (e) {
    logger.error({ err: e }, "rb2b intake failed");
    return json(500, { error: "internal error" });
  }
}
