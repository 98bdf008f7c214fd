'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { addEvidenceInput } from '@/server/services/security/schemas';
import { WorkspaceForm } from './workspace-form';

/** A collected item: the collector becomes its first custodian. */
export function EvidenceForm({ ticketId }: { ticketId: string }) {
  const trpc = useTRPC();
  const defaults = { id: ticketId, name: '', sha256: '', collectedBy: '', collectedAt: '', location: '' };
  const f = useServerForm(addEvidenceInput, defaults, 'sec-evidence');
  const add = useMutation(trpc.security.addEvidence.mutationOptions(f.callbacks));
  const text = (name: 'name' | 'collectedBy' | 'location', label: string, className?: string) =>
    f.field(name, label, <Input {...f.register(name)} />, className);
  return (
    <WorkspaceForm of={f} send={add.mutateAsync} submit="Add evidence">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        {text('name', 'Evidence name')}
        {f.field(
          'sha256',
          'SHA-256',
          <Input className="font-mono" {...f.register('sha256')} />,
          'md:col-span-2',
        )}
        {f.field(
          'sizeBytes',
          'Size (bytes)',
          <Input type="number" min={0} step={1} {...f.register('sizeBytes', { valueAsNumber: true })} />,
        )}
        {text('collectedBy', 'Collected by')}
        {f.field(
          'collectedAt',
          'Collected at',
          <Input type="datetime-local" {...f.register('collectedAt')} />,
        )}
        {text('location', 'Stored at', 'md:col-span-3')}
      </div>
    </WorkspaceForm>
  );
}
