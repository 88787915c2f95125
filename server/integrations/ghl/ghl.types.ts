/**
 * GHL (LeadConnector API v2) as the app uses it (DESIGN.md §9). Live and sandbox implementations
 * share this interface, so the send path cannot tell them apart.
 */
export interface GhlContactInput {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  customFields?: GhlCustomField[];
}

export type GhlCustomField = { id: string; field_value: unknown } | { key: string; field_value: unknown };

export interface GhlEmailInput {
  /** Our send id: the sandbox keys its outbox row on it, so a retried write is not a second e-mail. */
  sendId: string;
  contactId: string;
  emailTo: string;
  subject: string;
  html: string;
  text?: string;
  emailFrom?: string;
  headers: Record<string, string>;
}

export interface GhlSendResult {
  messageId: string;
  conversationId?: string;
}

export interface GhlClient {
  readonly mode: "LIVE" | "SANDBOX";
  upsertContact(input: GhlContactInput): Promise<{ contactId: string }>;
  sendEmail(input: GhlEmailInput): Promise<GhlSendResult>;
  updateCustomFields(contactId: string, fields: GhlCustomField[]): Promise<void>;
  /**
   * Looks up a message this app may have sent for `sendId` after an unknown outcome. null = cannot
   * tell (the live API offers no lookup by our key), and the send path then moves it to NEEDS_REVIEW.
   */
  findSentMessage(sendId: string): Promise<GhlSendResult | null>;
}

/**
 * Typed failures. `delivered` says whether the message may have gone out: "NO" when the request was
 * refused before processing (429, 4xx, connection refused), "UNKNOWN" when it may have been
 * processed (timeout, 5xx, connection dropped mid-request). The send path never retries "UNKNOWN".
 */
export type GhlErrorKind = "RATE_LIMITED" | "TIMEOUT" | "SERVER" | "CLIENT" | "UNAUTHORIZED" | "NETWORK" | "BAD_RESPONSE";

export class GhlError extends Error {
  override name = "GhlError";
  constructor(
    readonly kind: GhlErrorKind,
    message: string,
    readonly delivered: "NO" | "UNKNOWN",
    readonly opts: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
  /**
   * Worth trying again later (with the claim released when delivered is "NO"). A refused token
   * (401/403) is the account's problem, not the draft's: the send waits (the failures open the
   * breaker) until someone fixes the token, instead of failing every draft that tries meanwhile.
   */
  get retriable(): boolean {
    return this.kind === "RATE_LIMITED" || this.kind === "NETWORK" || this.kind === "SERVER" || this.kind === "TIMEOUT" || this.kind === "UNAUTHORIZED";
  }
}
