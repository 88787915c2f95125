import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function LearningsPage() {
  return (
    <>
      <PageHeader title="Learnings" description="What the system has learned about templates, subjects and send times, with the evidence." />
      <EmptyState title="Not available yet">Nothing learned yet: the learner needs outcomes from sent e-mails, which arrive with the outcomes work.</EmptyState>
    </>
  );
}
