import { z } from "zod";

/**
 * Inbound GHL (LeadConnector) webhook events we act on. Each schema names only the fields we use;
 * the rest of GHL's payload passes through (stored as the Outcome's payload, minus message text).
 *
 * Event id (deduplication, Outcome.providerEventId): GHL's `webhookId` when present, else a key
 * derived from the event's own stable ids (see `eventKey` in outcomes.service.ts), so a redelivery
 * of the same event maps to the same key.
 */
const id = z.string().trim().min(1).max(200);
const when = z.union([z.iso.datetime({ offset: true }), z.number().positive()]).optional();
const money = z.coerce.number().finite().min(0).max(1e12);

const base = { webhookId: id.optional(), locationId: id.optional() };

/** A message in a conversation. Only `direction: "inbound"` e-mail replies become REPLY outcomes. */
export const inboundMessage = z.object({
  ...base,
  type: z.literal("InboundMessage"),
  messageId: id,
  contactId: id,
  conversationId: id.optional(),
  /** GHL gives the id of the outbound message being answered on e-mail threads when it knows it. */
  replyToMessageId: id.optional(),
  messageType: z.string().max(40).optional(),
  direction: z.string().max(20).optional(),
  subject: z.string().max(2000).nullish(),
  body: z.string().max(100_000).default(""),
  headers: z.record(z.string(), z.string().max(2000)).optional(),
  dateAdded: when,
});

/** E-mail statistics, Mailgun-style inner payload as GHL forwards it (`LCEmailStats`). */
export const emailStats = z.object({
  ...base,
  type: z.literal("LCEmailStats"),
  /** The GHL message id of our outbound e-mail (matches Send.providerMessageId) when present. */
  messageId: id.optional(),
  emailMessageId: id.optional(),
  contactId: id.optional(),
  webhookPayload: z.object({
    id: id,
    event: z.enum(["delivered", "opened", "failed", "bounced", "complained", "unsubscribed", "clicked", "accepted"]),
    /** failed/bounced: "permanent" = hard bounce, "temporary" = soft bounce. */
    severity: z.enum(["permanent", "temporary"]).optional(),
    recipient: z.string().max(320).optional(),
    timestamp: z.number().positive().optional(),
  }),
});

export const appointmentCreate = z.object({
  ...base,
  type: z.literal("AppointmentCreate"),
  appointment: z.object({
    id: id,
    contactId: id,
    appointmentStatus: z.string().max(40).optional(),
    startTime: z.string().max(60).optional(),
    dateAdded: when,
    /** Not a GHL core field; accepted when a workflow adds the deal value to the hook. */
    value: money.optional(),
  }),
});

export const opportunityValue = z.object({
  ...base,
  type: z.literal("OpportunityMonetaryValueUpdate"),
  id: id,
  contactId: id,
  monetaryValue: money,
  dateUpdated: when,
});

export const ghlEvent = z.discriminatedUnion("type", [inboundMessage, emailStats, appointmentCreate, opportunityValue]);
export type GhlEvent = z.infer<typeof ghlEvent>;

/** Only a `type` string is needed to decide whether we handle an event at all. */
export const ghlEnvelope = z.object({ type: z.string().min(1).max(100) });
export const HANDLED_TYPES: ReadonlySet<string> = new Set(["InboundMessage", "LCEmailStats", "AppointmentCreate", "OpportunityMonetaryValueUpdate"]);

export const GHL_WEBHOOK_SECRET_HEADER = "x-ghl-webhook-secret";
/** Outside production with GHL_WEBHOOK_SECRET unset, this documented default is accepted (never in production). */
export const DEV_GHL_WEBHOOK_SECRET = "dev-ghl-webhook-secret";
