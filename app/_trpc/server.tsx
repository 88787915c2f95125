import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, type ReactNode } from "react";
import { createContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";

/** One QueryClient per server request. */
export const getQueryClient = cache(() => new QueryClient({ defaultOptions: { queries: { staleTime: 10_000 } } }));

/**
 * Server-side tRPC for React Server Components: pages prefetch what they show first, so the HTML
 * arrives with data and the client hydrates instead of fetching again. It calls the same
 * procedures (same role checks) in-process, with the request's session.
 */
export const trpcServer = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/** Prefetches without ever failing the page: a failed prefetch is simply fetched again by the client. */
export async function prefetch(...queries: { queryKey: readonly unknown[] }[]): Promise<void> {
  const qc = getQueryClient();
  await Promise.all(queries.map((q) => qc.prefetchQuery(q as Parameters<QueryClient["prefetchQuery"]>[0]).catch(() => undefined)));
}

export function Hydrate({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/** Prefetches the first page of an infinite (cursor) query, like `prefetch` never failing the page. */
export async function prefetchInfinite(query: { queryKey: readonly unknown[] }): Promise<void> {
  await getQueryClient().prefetchInfiniteQuery(query as Parameters<QueryClient["prefetchInfiniteQuery"]>[0]).catch(() => undefined);
}
