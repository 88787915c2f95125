import type { SlackClient } from "./slack.types";

/** No webhook configured: nothing leaves the machine. The alert row itself is the record (Alerts page). */
export function createSandboxSlack(): SlackClient {
  return { mode: "sandbox", async post() {} };
}
