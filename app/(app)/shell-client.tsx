"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { AppShell, type ShellUser } from "@/components/shell/app-shell";
import { SignedOutNotice } from "@/components/ui/signed-out-notice";
import { TrpcProviders, useSignedOut, useTRPC } from "../_trpc/client";
import { CurrentUserContext, type CurrentUser } from "../_trpc/current-user";

/** On every page while sending is paused: whoever is looking knows nothing goes out. */
function PausedBanner() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.settings.overview.queryOptions(), refetchInterval: 30_000 });
  if (!q.data?.killSwitches.PAUSE_ALL_SENDS.on) return null;
  return (
    <p role="status" data-testid="paused-banner" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm">
      Sending is paused (PAUSE_ALL_SENDS). Approvals are kept and go out when sending resumes.{" "}
      <Link href="/settings" className="font-medium text-indigo-700 underline">Settings</Link>
    </p>
  );
}

function Frame({ user, children }: { user: ShellUser; children: ReactNode }) {
  const signedOut = useSignedOut();
  return (
    <AppShell
      user={user}
      // next-auth's client is loaded on click: it is not needed to show any page (smaller first load).
      onSignOut={() => void import("next-auth/react").then((m) => m.signOut({ callbackUrl: "/sign-in" }))}
      banner={signedOut ? <SignedOutNotice signInHref="/sign-in?expired=1" /> : <PausedBanner />}
    >
      {children}
    </AppShell>
  );
}

export function ShellClient({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return (
    <TrpcProviders>
      <CurrentUserContext.Provider value={user}>
        <Frame user={user}>{children}</Frame>
      </CurrentUserContext.Provider>
    </TrpcProviders>
  );
}
