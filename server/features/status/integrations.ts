import type { Db } from "@/server/db/client";
import { env } from "@/server/env";
import { status as breakerStatus, type BreakerService } from "@/server/features/breakers/breakers.service";
import { ghlIsLive } from "@/server/integrations/ghl";

/** Each integration: sandbox (no credentials) or live, with its breaker's state and last outcomes. */
export async function integrationStatus(db: Db) {
  const e = env();
  const breakers = new Map((await breakerStatus(db)).map((b) => [b.service, b]));
  const live: Record<string, boolean> = {
    rb2b: !!e.RB2B_WEBHOOK_TOKEN,
    clay: !!e.CLAY_WEBHOOK_URL,
    ghl: ghlIsLive(e), // what ghlFromEnv uses: a token alone still sends to the sandbox
    slack: !!e.SLACK_WEBHOOK_URL,
  };
  return Object.entries(live).map(([service, isLive]) => {
    const b = breakers.get(service as BreakerService);
    return {
      service,
      mode: isLive ? ("live" as const) : ("sandbox" as const),
      breaker: b?.state ?? null,
      lastSuccessAt: b?.lastSuccessAt ?? null,
      lastFailureAt: b?.lastFailureAt ?? null,
    };
  });
}
