import { Hydrate, prefetch, trpcServer } from "../../../_trpc/server";
import { DraftView } from "./draft-view";

export default async function DraftPage({ params }: { params: Promise<{ draftId: string }> }) {
  const { draftId } = await params;
  // The same query the view opens with, so the e-mail and its evidence arrive in the HTML.
  await prefetch(trpcServer.approvals.detail.queryOptions({ draftId }));
  return <Hydrate><DraftView /></Hydrate>;
}
