import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { authOptions } from "@/server/auth/options";
import { dbReady, getDb } from "@/server/db/client";
import { loadUser } from "@/server/trpc/init";
import { RETURN_TO_HEADER } from "@/proxy";
import { safeReturnPath } from "@/server/domain/return-path";
import { ShellClient } from "./shell-client";

/** Where sign-in sends someone without a valid session: back to the page they asked for. */
async function signInUrl(): Promise<string> {
  const q = new URLSearchParams({ expired: "1" });
  const returnTo = safeReturnPath((await headers()).get(RETURN_TO_HEADER));
  if (returnTo && returnTo !== "/inbox") q.set("callbackUrl", returnTo);
  return `/sign-in?${q}`;
}

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions);
  await dbReady();
  const user = await loadUser(getDb(), session?.user?.id);
  if (!user) redirect(await signInUrl());
  return <ShellClient user={{ name: user.name, role: user.role }}>{children}</ShellClient>;
}
