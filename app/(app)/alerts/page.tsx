import { Hydrate, prefetch, prefetchInfinite, trpcServer } from "../../_trpc/server";
import { AlertsView } from "./alerts-view";

export default async function AlertsPage() {
  await Promise.all([
    prefetchInfinite(trpcServer.alerts.list.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (p) => p.nextCursor })),
    prefetch(trpcServer.alerts.incidents.queryOptions()),
  ]);
  return <Hydrate><AlertsView /></Hydrate>;
}
