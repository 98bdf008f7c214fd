'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { techniqueInput } from '@/server/services/security/schemas';
import { ATTACK_TACTIC_LABELS, ATTACK_TACTICS } from '@/workflows/security/constants';
import { WorkspaceForm } from './workspace-form';

export function TechniqueForm({ ticketId }: { ticketId: string }) {
  const trpc = useTRPC();
  const defaults = { id: ticketId, techniqueId: '', tactic: 'initial_access' } as const;
  const f = useServerForm(techniqueInput, defaults, 'sec-attack');
  const add = useMutation(trpc.security.addTechnique.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={add.mutateAsync} submit="Add technique" layout="row">
      {f.field(
        'techniqueId',
        'Technique id',
        <Input className="font-mono" placeholder="T1059.001" {...f.register('techniqueId')} />,
        'w-40',
      )}
      {f.select('tactic', 'Tactic', labelled(ATTACK_TACTICS, ATTACK_TACTIC_LABELS), { className: 'w-56' })}
    </WorkspaceForm>
  );
}
