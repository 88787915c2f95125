import type { Inngest, InngestFunction } from "inngest";
import { serve } from "inngest/next";
import { inngest } from "./client";

/**
 * The one place the app's functions are served, used by app/api/inngest/route.ts and by tests
 * (which host test-only functions through this same code path). Who calls it — the local
 * executor, Inngest Cloud or a self-hosted Inngest — is decided by environment variables only.
 */
export function createInngestHandler(functions: InngestFunction.Any[], client: Inngest.Any = inngest) {
  return serve({ client, functions });
}
