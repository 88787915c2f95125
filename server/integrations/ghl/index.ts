import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { createGhlClient } from "./ghl.client";
import { createSandboxGhl } from "./ghl.sandbox";
import type { GhlClient } from "./ghl.types";

export * from "./ghl.types";
export { createGhlClient } from "./ghl.client";
export { createSandboxGhl } from "./ghl.sandbox";

/** Live client when GHL_API_TOKEN and GHL_LOCATION_ID are set, otherwise the sandbox outbox. */
export function ghlFromEnv(db: Db): GhlClient {
  const e = env();
  if (e.GHL_API_TOKEN && e.GHL_LOCATION_ID) {
    return createGhlClient({ baseUrl: e.GHL_API_BASE, token: e.GHL_API_TOKEN, locationId: e.GHL_LOCATION_ID, emailFrom: e.GHL_EMAIL_FROM });
  }
  return createSandboxGhl(db);
}
