import { Hydrate, prefetch, trpcServer } from "../../_trpc/server";
import { SettingsView } from "./settings-view";

export default async function SettingsPage() {
  await prefetch(trpcServer.settings.editable.queryOptions(), trpcServer.settings.overview.queryOptions(), trpcServer.settings.integrations.queryOptions());
  return <Hydrate><SettingsView /></Hydrate>;
}
