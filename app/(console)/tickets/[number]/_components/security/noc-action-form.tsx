'use client';

import { useMutation } from '@tanstack/react-query';
import { Textarea } from '@/app/_components/form';
import { labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { requestNocActionInput } from '@/server/services/handoffs/schemas';
import { NOC_ACTION_KINDS, NOC_ACTION_LABELS } from '@/workflows/security/constants';
import { WorkspaceForm } from './workspace-form';

/** Asks the NOC to act on one of the outages handed off to this incident (the first is preselected). */
export function NocActionForm(props: { incidentId: string; outages: { id: string; number: string }[] }) {
  const { incidentId, outages } = props;
  const trpc = useTRPC();
  const defaults = {
    incidentId,
    outageId: outages[0]?.id ?? '',
    action: 'block_address',
    details: '',
  } as const;
  const f = useServerForm(requestNocActionInput, defaults, 'sec-noc');
  const request = useMutation(trpc.nocActions.request.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={request.mutateAsync} submit="Ask the NOC">
      <div className="grid grid-cols-2 gap-3">
        {f.select(
          'outageId',
          'Outage',
          outages.map((o) => [o.id, o.number] as const),
        )}
        {f.select('action', 'Action', labelled(NOC_ACTION_KINDS, NOC_ACTION_LABELS))}
      </div>
      {f.field('details', 'What the NOC should do', <Textarea rows={3} {...f.register('details')} />)}
    </WorkspaceForm>
  );
}
