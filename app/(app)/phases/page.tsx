import { Hydrate, prefetch, trpcServer } from "../../_trpc/server";
import { PhasesView } from "./phases-view";

export default async function PhasesPage() {
  await prefetch(trpcServer.phases.overview.queryOptions());
  return <Hydrate><PhasesView /></Hydrate>;
}
