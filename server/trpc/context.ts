import { randomUUID } from "node:crypto";
import { getServerSession } from "next-auth";
import { authOptions } from "@/server/auth/options";
import { dbReady, getDb } from "@/server/db/client";
import { loadUser, type Context } from "./init";

/** Context for a request: the user is re-read from the database, so role changes apply at once. */
export async function createContext(): Promise<Context> {
  await dbReady();
  const db = getDb();
  const session = await getServerSession(authOptions);
  return { db, user: await loadUser(db, session?.user?.id), requestId: randomUUID() };
}
