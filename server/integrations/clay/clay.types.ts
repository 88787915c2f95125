import { isPermanentClientError } from "../http-status";

/** What we push to a Clay table webhook: our request id plus what we know about the visitor. */
export interface ClayRow {
  requestId: string;
  /** Where Clay's HTTP-API column posts the result (it must echo requestId). */
  callbackUrl: string;
  linkedinUrl: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  companyName: string | null;
  companyDomain: string | null;
}

export interface ClayClient {
  mode: "live" | "sandbox";
  /** Pushes one row; resolves once Clay accepted it. The result arrives later at the callback. */
  push(row: ClayRow): Promise<void>;
}

export class ClayError extends Error {
  override name = "ClayError";
  constructor(
    readonly kind: "TIMEOUT" | "HTTP" | "NETWORK" | "CONFIG",
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  /** 4xx other than 408/429 means our request is wrong: retrying will not help. */
  get retriable(): boolean {
    return this.kind !== "CONFIG" && !(this.kind === "HTTP" && isPermanentClientError(this.status));
  }
}

/** Header Clay's HTTP-API column sends back to us with the shared secret. */
export const CLAY_CALLBACK_SECRET_HEADER = "x-clay-callback-secret";
/** Header Clay table webhooks accept for their optional auth token. */
export const CLAY_WEBHOOK_AUTH_HEADER = "x-clay-webhook-auth";
