import { ulid } from "@/server/db/ulid";
import type { Db } from "@/server/db/client";
import type { Actor } from "@/server/domain/roles";
import { record } from "@/server/features/audit/audit.service";
import { raiseAlert } from "./alerts.service";

/** Settings' "send test alert": one alert through the real path (Slack when configured, else the Alerts list). */
export async function sendTestAlert(db: Db, actor: Pick<Actor, "id" | "name">, emit?: (alertId: string) => Promise<unknown>) {
  const key = `test:${ulid()}`;
  let id: string | null = null;
  const r = await raiseAlert(db, {
    kind: "TEST", severity: "INFO", title: "Test alert", text: `A test alert sent by ${actor.name} from Settings. If you can read this, alerts reach you.`,
    link: "/alerts", dedupeKey: key,
  }, { emit: emit ? () => emit(id ?? key) : undefined });
  id = r.id;
  await record(db, { actorType: "USER", actorId: actor.id, action: "alert.test", decision: "INFO", riskLevel: "LOW", subjectType: "alert", subjectId: r.id ?? key, evidence: { mode: r.mode } });
  return { id: r.id, mode: r.mode };
}
