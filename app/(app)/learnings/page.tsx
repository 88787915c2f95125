import { Hydrate, prefetch, trpcServer } from "../../_trpc/server";
import { LearningsView } from "./learnings-view";

export default async function LearningsPage() {
  await prefetch(trpcServer.learning.overview.queryOptions());
  return <Hydrate><LearningsView /></Hydrate>;
}
