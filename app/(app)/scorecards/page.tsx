import { Hydrate, prefetch, trpcServer } from "../../_trpc/server";
import { defaultRange } from "./range";
import { ScorecardsView } from "./scorecards-view";

export default async function ScorecardsPage() {
  await prefetch(trpcServer.metrics.scorecards.queryOptions(defaultRange()));
  return <Hydrate><ScorecardsView /></Hydrate>;
}
