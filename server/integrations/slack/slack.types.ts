import { isPermanentClientError } from "../http-status";

/** A Slack message as the incoming-webhook API takes it: fallback text plus Block Kit blocks. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

export interface SlackClient {
  /** live: posts to the incoming webhook; sandbox: nothing leaves the machine (the Alerts page shows the alert). */
  mode: "live" | "sandbox";
  post(message: SlackMessage): Promise<void>;
}

export class SlackError extends Error {
  override name = "SlackError";
  constructor(
    readonly kind: "RATE_LIMITED" | "TIMEOUT" | "HTTP" | "NETWORK",
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
  }
  /** 4xx other than 408/429 (bad payload, revoked webhook) will not get better by retrying. */
  get retriable(): boolean {
    return !(this.kind === "HTTP" && isPermanentClientError(this.opts.status));
  }
}
