import { Hydrate, prefetch, trpcServer } from "../../_trpc/server";
import { DigestView } from "./digest-view";

export default async function DigestPage({ searchParams }: { searchParams: Promise<{ id?: string }> }) {
  const { id } = await searchParams;
  const input = typeof id === "string" && id.length > 0 && id.length <= 64 ? { id } : {};
  await prefetch(trpcServer.digest.get.queryOptions(input));
  return <Hydrate><DigestView input={input} /></Hydrate>;
}
