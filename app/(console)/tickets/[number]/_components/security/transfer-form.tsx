'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { transferEvidenceInput } from '@/server/services/security/schemas';
import { WorkspaceForm } from './workspace-form';

/**
 * Hands one evidence item to a new custodian; the ledger records it with the reason, for good (it is
 * append-only), so the analyst confirms the hand-over first.
 */
export function TransferForm(props: { ticketId: string; evidenceId: string; name: string }) {
  const { ticketId, evidenceId } = props;
  const trpc = useTRPC();
  const defaults = { id: ticketId, evidenceId, to: '', reason: '' };
  const f = useServerForm(transferEvidenceInput, defaults, `sec-transfer-${evidenceId}`);
  const transfer = useMutation(trpc.security.transferEvidence.mutationOptions(f.callbacks));
  return (
    <div>
      <WorkspaceForm
        of={f}
        send={transfer.mutateAsync}
        confirm={() =>
          window.confirm(
            `Hand ${props.name} to ${f.form.getValues('to')}? The chain of custody keeps this entry.`,
          )
        }
        submit="Transfer custody"
        layout="row"
        boxed={false}
        variant="ghost"
      >
        {f.field('to', 'Transfer to', <Input {...f.register('to')} />, 'w-48')}
        {f.field('reason', 'Reason', <Input {...f.register('reason')} />, 'min-w-64 grow')}
      </WorkspaceForm>
    </div>
  );
}
