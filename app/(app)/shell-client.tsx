"use client";

import { signOut } from "next-auth/react";
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
      onSignOut={() => void signOut({ callbackUrl: "/sign-in" })}
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
