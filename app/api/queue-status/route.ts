import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { dbReady, getDb } from "@/server/db/client";
import { env } from "@/server/env";
import { queueStatus } from "@/server/features/status/status.service";
import { json, safeEqual } from "@/server/http/webhooks";
import { loadUser } from "@/server/trpc/init";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A monitor's bearer token (STATUS_TOKEN, compared in constant time) or any signed-in user. */
async function authorised(req: Request): Promise<boolean> {
  const header = req.headers.get("authorization");
  const token = env().STATUS_TOKEN;
  if (header?.startsWith("Bearer ")) return !!token && safeEqual(header.slice(7), token);
  const session = await getServerSession(authOptions).catch(() => null);
  return (await loadUser(getDb(), session?.user?.id)) !== null;
}

/** GET /api/queue-status — pending drafts by tier, today's figures, breakers, last intake. */
export async function GET(req: Request): Promise<Response> {
  await dbReady();
  if (!(await authorised(req))) return json(401, { error: "sign in or send Authorization: Bearer <STATUS_TOKEN>" });
  return json(200, await queueStatus(getDb()));
}
