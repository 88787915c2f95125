"use client";

import type { ReactNode } from "react";
import { AppShell, type ShellUser } from "@/components/shell/app-shell";
import { SignedOutNotice } from "@/components/ui/signed-out-notice";
import { TrpcProviders, useSignedOut } from "../_trpc/client";
import { CurrentUserContext, type CurrentUser } from "../_trpc/current-user";

function Frame({ user, children }: { user: ShellUser; children: ReactNode }) {
  const signedOut = useSignedOut();
  return (
    <AppShell
      user={user}
      // next-auth's client is loaded on click: it is not needed to show any page (smaller first load).
      onSignOut={() => void import("next-auth/react").then((m) => m.signOut({ callbackUrl: "/sign-in" }))}
      banner={signedOut ? <SignedOutNotice signInHref="/sign-in?expired=1" /> : null}
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
