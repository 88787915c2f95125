import { inngest } from "@/inngest/client";
import { outcomeRecorded } from "@/inngest/events";
import { dbReady, getDb } from "@/server/db/client";
import { ghlEnvelope, ghlEvent, GHL_WEBHOOK_SECRET_HEADER, HANDLED_TYPES } from "@/server/features/outcomes/outcomes.schemas";
import { processGhlEvent, type OutcomeDeps } from "@/server/features/outcomes/outcomes.service";
import { GhlKeyConfigError, ghlWebhookKeys, ghlWebhookSecret, pickSignature, verifySignature, type GhlWebhookKeys } from "@/server/features/outcomes/webhook-secret";
import { invalidField, json, parseJson, readRaw, safeEqual, withTimeout } from "@/server/http/webhooks";
import { replyLlmFromEnv, replyLlmTimeoutMs } from "@/server/integrations/llm/reply-llm";
import { logger } from "@/server/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const emit: NonNullable<OutcomeDeps["emit"]> = (data) =>
  withTimeout(inngest.send(outcomeRecorded.create(data, { id: `outcome-${data.outcomeId}` })), 4_000, "inngest.send");

/** Replies can carry long quoted threads; anything bigger is not an event we need. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * POST /api/webhooks/ghl — inbound GHL events: replies (InboundMessage), e-mail stats
 * (LCEmailStats), booked meetings (AppointmentCreate) and opportunity value changes
 * (OpportunityMonetaryValueUpdate). Authenticated by header `x-ghl-webhook-secret` equal to
 * GHL_WEBHOOK_SECRET (constant-time), or by a marketplace signature over the raw body:
 * `x-ghl-signature` (Ed25519, GHL_WEBHOOK_ED25519_PUBLIC_KEY) or the legacy `x-wh-signature`
 * (RSA-SHA256, GHL_WEBHOOK_PUBLIC_KEY); see webhook-secret.ts. Answers: 200 stored / duplicate /
 * ignored / unknown type, 400 naming the bad field, 401 bad secret or signature, 413 too large,
 * 503 nothing (or a malformed key) configured.
 */
export async function POST(req: Request): Promise<Response> {
  const secret = ghlWebhookSecret();
  let keys: GhlWebhookKeys;
  try {
    keys = ghlWebhookKeys();
  } catch (e) {
    if (!(e instanceof GhlKeyConfigError)) throw e;
    logger.error({ err: e.message }, "ghl webhook: signature key misconfigured");
    return json(503, { error: "GHL webhook signature key is misconfigured" });
  }
  if (!secret && !keys.ed25519 && !keys.rsa) return json(503, { error: "GHL_WEBHOOK_SECRET is not configured" });
  // The shared secret is checked before the body is read; a signature needs the raw body.
  const check = req.headers.get(GHL_WEBHOOK_SECRET_HEADER) === null ? pickSignature(req.headers, keys) : null;
  if (!check && !(secret && safeEqual(req.headers.get(GHL_WEBHOOK_SECRET_HEADER), secret))) return json(401, { error: "invalid secret" });

  const read = await readRaw(req, MAX_BODY_BYTES);
  if (!read.ok) return read.response;
  const raw = read.value;
  if (check && !verifySignature(raw, check)) return json(401, { error: "invalid signature" });
  const parsedJson = parseJson(raw);
  if (!parsedJson.ok) return parsedJson.response;
  const body = parsedJson.value;
  const envelope = ghlEnvelope.safeParse(body);
  if (!envelope.success) return json(400, { error: "type: a string event type is required", field: "type" });
  if (!HANDLED_TYPES.has(envelope.data.type)) {
    // Acknowledged so GHL does not retry; only the type is logged (payloads carry PII).
    logger.info({ ghlType: envelope.data.type.slice(0, 100) }, "ghl webhook: unhandled event type acknowledged");
    return json(200, { ok: true, ignored: "unhandled event type" });
  }
  const parsed = ghlEvent.safeParse(body);
  if (!parsed.success) return invalidField(parsed.error.issues);

  await dbReady();
  const result = await processGhlEvent(getDb(), parsed.data, new Date(), { emit, llm: replyLlmFromEnv(), llmTimeoutMs: replyLlmTimeoutMs() });
  switch (result.kind) {
    case "duplicate":
      return json(200, { ok: true, duplicate: true });
    case "ignored":
      logger.info({ ghlType: parsed.data.type, reason: result.reason }, "ghl webhook: event acknowledged without an outcome");
      return json(200, { ok: true, ignored: result.reason });
    case "stored":
      logger.info({ outcomeId: result.outcomeId, type: result.type, classification: result.classification, matched: result.sendId !== null }, "ghl webhook: outcome stored");
      return json(200, { ok: true, outcomeId: result.outcomeId, type: result.type, classification: result.classification });
  }
}
