import { Hydrate, prefetchInfinite, trpcServer } from "../../_trpc/server";
import { InboxView } from "./inbox-view";

export default async function InboxPage() {
  // Exactly the queries the view opens with (no filter, first page), so it hydrates instead of fetching.
  await prefetchInfinite(trpcServer.approvals.pending.infiniteQueryOptions({ limit: 25, filter: {} }, { getNextPageParam: (p) => p.nextCursor }));
  return <Hydrate><InboxView /></Hydrate>;
}
