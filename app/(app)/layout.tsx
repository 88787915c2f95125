import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { authOptions } from "@/server/auth/options";
import { dbReady, getDb } from "@/server/db/client";
import { loadUser } from "@/server/trpc/init";
import { ShellClient } from "./shell-client";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getServerSession(authOptions);
  await dbReady();
  const user = await loadUser(getDb(), session?.user?.id);
  if (!user) redirect("/sign-in?expired=1");
  return <ShellClient user={{ name: user.name, role: user.role }}>{children}</ShellClient>;
}
