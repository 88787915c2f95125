import type { Db } from "@/server/db/client";
import { env, type Env } from "@/server/env";
import { createGhlClient } from "./ghl.client";
import { createSandboxGhl } from "./ghl.sandbox";
import type { GhlClient } from "./ghl.types";

export * from "./ghl.types";
export { createGhlClient } from "./ghl.client";
export { createSandboxGhl } from "./ghl.sandbox";

/** Live when GHL_API_TOKEN and GHL_LOCATION_ID are both set (Settings → Integrations reads this too). */
export function ghlIsLive<E extends Pick<Env, "GHL_API_TOKEN" | "GHL_LOCATION_ID">>(e: E): e is E & { GHL_API_TOKEN: string; GHL_LOCATION_ID: string } {
  return Boolean(e.GHL_API_TOKEN && e.GHL_LOCATION_ID);
}

/** Live client when ghlIsLive, otherwise the sandbox outbox. */
export function ghlFromEnv(db: Db): GhlClient {
  const e = env();
  if (ghlIsLive(e)) {
    return createGhlClient({ baseUrl: e.GHL_API_BASE, token: e.GHL_API_TOKEN, locationId: e.GHL_LOCATION_ID, emailFrom: e.GHL_EMAIL_FROM });
  }
  return createSandboxGhl(db);
}
