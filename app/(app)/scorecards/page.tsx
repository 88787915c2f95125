import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function ScorecardsPage() {
  return (
    <>
      <PageHeader title="Scorecards" description="Reply rate, enrichment, quality, override rate and domain health with their targets." />
      <EmptyState title="Not available yet">No scorecards yet: the metric roll-ups arrive with the dashboard work. Nothing is being hidden — there is nothing computed to show.</EmptyState>
    </>
  );
}
