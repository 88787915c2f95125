import { Hydrate, prefetch, trpcServer } from "../../_trpc/server";
import { TemplatesView } from "./templates-view";

export default async function TemplatesPage() {
  await prefetch(trpcServer.templates.list.queryOptions());
  return <Hydrate><TemplatesView /></Hydrate>;
}
