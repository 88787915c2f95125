import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function PhasesPage() {
  return (
    <>
      <PageHeader title="Phases" description="The rollout phase and the gate criteria for the next one." />
      <EmptyState title="Not available yet">Gate checklists arrive with the dashboard work. The current phase is shown in Settings.</EmptyState>
    </>
  );
}
