import { env } from "@/server/env";
import { createSlackClient } from "./slack.client";
import { createSandboxSlack } from "./slack.sandbox";
import type { SlackClient } from "./slack.types";

export * from "./slack.types";
export { buildAlertMessage, type AlertForSlack } from "./blocks";

let cached: { client: SlackClient; for: ReturnType<typeof env> } | undefined;

/** Live client when SLACK_WEBHOOK_URL is set, otherwise the sandbox. Cached per validated environment. */
export function slackFromEnv(): SlackClient {
  const e = env();
  if (cached?.for === e) return cached.client;
  const client = e.SLACK_WEBHOOK_URL ? createSlackClient({ webhookUrl: e.SLACK_WEBHOOK_URL }) : createSandboxSlack();
  cached = { client, for: e };
  return client;
}
