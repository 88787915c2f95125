import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export default function TemplatesPage() {
  return (
    <>
      <PageHeader title="Templates" description="E-mail templates and subject variants, with their performance." />
      <EmptyState title="Not available yet">Template editing arrives with the drafting pipeline.</EmptyState>
    </>
  );
}
