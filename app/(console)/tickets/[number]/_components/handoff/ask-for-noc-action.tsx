'use client';

import { useMutation } from '@tanstack/react-query';
import { Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { askForNocActionInput } from '@/server/services/correlation/schemas';
import { WorkspaceForm } from '../security/workspace-form';

/** The NOC's way past an evidence hold: say what you would do, and the SOC answers with a NOC action request. */
export function AskForNocAction(props: { outageId: string; incidentId: string; incident: string }) {
  const trpc = useTRPC();
  const f = useServerForm(
    askForNocActionInput,
    { outageId: props.outageId, incidentId: props.incidentId, details: '' },
    `ask-${props.incidentId}`,
  );
  const ask = useMutation(trpc.correlation.askForNocAction.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={ask.mutateAsync} submit={`Ask ${props.incident} for a NOC action request`}>
      {f.field('details', 'What you would do', <Textarea rows={2} {...f.register('details')} />)}
    </WorkspaceForm>
  );
}
