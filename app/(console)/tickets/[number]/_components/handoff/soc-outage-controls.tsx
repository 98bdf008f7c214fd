'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { clearOutageInput, setPreserveHoldInput } from '@/server/services/handoffs/schemas';
import { Reveal } from '../security/reveal';
import { WorkspaceForm } from '../security/workspace-form';

/**
 * The SOC's hand on an outage it investigates: the preserve-evidence hold, and clearing it. Each is a
 * button that opens its form (a reason, a conclusion) on demand.
 */
export function SocOutageControls(props: { outageId: string; preserveEvidence: boolean; canClear: boolean }) {
  const { outageId, preserveEvidence } = props;
  return (
    <div className="flex flex-wrap items-start gap-2">
      <Reveal
        label={preserveEvidence ? 'Lift evidence hold…' : 'Preserve evidence…'}
        className="min-w-0 grow"
      >
        <HoldForm key={String(preserveEvidence)} outageId={outageId} preserveEvidence={preserveEvidence} />
      </Reveal>
      {props.canClear && (
        <Reveal label="Mark cleared…" className="min-w-0 grow">
          <ClearForm outageId={outageId} />
        </Reveal>
      )}
    </div>
  );
}

/** Sets or lifts the hold; lifting asks first, since the NOC may then remediate and close. */
function HoldForm({ outageId, preserveEvidence }: { outageId: string; preserveEvidence: boolean }) {
  const trpc = useTRPC();
  const f = useServerForm(setPreserveHoldInput, { outageId, hold: !preserveEvidence, reason: '' }, 'hold');
  const hold = useMutation(trpc.handoffs.setPreserveHold.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm
      of={f}
      // The hold flips what the page shows now (props follow router.refresh(); form defaults do not).
      send={(values) => hold.mutateAsync({ ...values, hold: !preserveEvidence })}
      confirm={
        preserveEvidence
          ? () => window.confirm('Lift the evidence hold? The NOC may then remediate and close the outage.')
          : undefined
      }
      submit={preserveEvidence ? 'Lift evidence hold' : 'Preserve evidence'}
      layout="row"
    >
      {f.field(
        'reason',
        preserveEvidence ? 'Why lift the hold' : 'Why preserve evidence',
        <Input {...f.register('reason')} />,
        'min-w-56 grow',
      )}
    </WorkspaceForm>
  );
}

function ClearForm({ outageId }: { outageId: string }) {
  const trpc = useTRPC();
  const f = useServerForm(clearOutageInput, { outageId, note: '' }, 'clear');
  const clear = useMutation(trpc.handoffs.clear.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={clear.mutateAsync} submit="Mark cleared">
      {f.field(
        'note',
        'Conclusion (clears the outage of the security question)',
        <Textarea rows={2} {...f.register('note')} />,
      )}
    </WorkspaceForm>
  );
}
