'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert, Input, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { clearOutageInput, setPreserveHoldInput } from '@/server/services/handoffs/schemas';

/** The SOC's hand on an outage it investigates: the preserve-evidence hold, and clearing it. */
export function SocOutageControls(props: { outageId: string; preserveEvidence: boolean; canClear: boolean }) {
  const { outageId, preserveEvidence } = props;
  const trpc = useTRPC();
  const holdForm = useServerForm(
    setPreserveHoldInput,
    { outageId, hold: !preserveEvidence, reason: '' },
    'hold',
  );
  const clearForm = useServerForm(clearOutageInput, { outageId, note: '' }, 'clear');
  const hold = useMutation(trpc.handoffs.setPreserveHold.mutationOptions(holdForm.callbacks));
  const clear = useMutation(trpc.handoffs.clear.mutationOptions(clearForm.callbacks));
  return (
    <div className="space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <form
        className="space-y-2"
        noValidate
        // The hold flips what the page shows now (props follow router.refresh(); form defaults do not).
        onSubmit={holdForm.onSubmit((values) => hold.mutateAsync({ ...values, hold: !preserveEvidence }))}
      >
        <div className="flex flex-wrap items-start gap-2">
          {holdForm.field(
            'reason',
            preserveEvidence ? 'Why lift the hold' : 'Why preserve evidence',
            <Input {...holdForm.register('reason')} />,
            'grow',
          )}
          <Button type="submit" disabled={holdForm.pending} className="mt-6">
            {preserveEvidence ? 'Lift evidence hold' : 'Preserve evidence'}
          </Button>
        </div>
        <FormAlert message={holdForm.failure} />
      </form>
      {props.canClear && (
        <form className="space-y-2" noValidate onSubmit={clearForm.onSubmit(clear.mutateAsync)}>
          {clearForm.field(
            'note',
            'Conclusion (clears the outage of the security question)',
            <Textarea rows={2} {...clearForm.register('note')} />,
          )}
          <Button type="submit" variant="ghost" disabled={clearForm.pending}>
            Mark cleared
          </Button>
          <FormAlert message={clearForm.failure} />
        </form>
      )}
    </div>
  );
}
