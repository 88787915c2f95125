"use client";

import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { createContext, useContext, useState, type ReactNode } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { CSRF_HEADER } from "@/server/trpc/csrf";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && error.data?.code === "UNAUTHORIZED";
}

/** Answers that another try cannot change (signed out, not allowed, not found, bad input, a conflict): shown at once, not after retries. */
const FINAL_CODES = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "CONFLICT", "PRECONDITION_FAILED"]);
export function isFinal(error: unknown): boolean {
  return error instanceof TRPCClientError && FINAL_CODES.has(String(error.data?.code));
}

const SignedOutContext = createContext(false);
/** True once any request has come back "signed out": pages then say so instead of showing empty lists. */
export const useSignedOut = () => useContext(SignedOutContext);

export function TrpcProviders({ children }: { children: ReactNode }) {
  const [signedOut, setSignedOut] = useState(false);
  const [queryClient] = useState(() => {
    const onError = (error: unknown) => {
      if (isUnauthorized(error)) setSignedOut(true);
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        queries: {
          staleTime: 10_000,
          retry: (count, error) => !isFinal(error) && count < 2,
        },
      },
    });
  });
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", headers: () => ({ [CSRF_HEADER]: "1" }) })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SignedOutContext.Provider value={signedOut}>{children}</SignedOutContext.Provider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
