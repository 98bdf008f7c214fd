'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { completeNocActionInput } from '@/server/services/handoffs/schemas';

/**
 * The NOC's answer to a SOC request. While evidence is preserved, the engineer confirms first: blocking
 * or isolating can be fine, but a reboot or reimage on the way destroys what the SOC needs.
 */
export function CompleteNocAction(props: { taskId: string; preserveEvidence: boolean; incident: string }) {
  const trpc = useTRPC();
  const f = useServerForm(
    completeNocActionInput,
    { taskId: props.taskId, result: '' },
    `result-${props.taskId}`,
  );
  const complete = useMutation(trpc.nocActions.complete.mutationOptions(f.callbacks));
  const confirm = () =>
    !props.preserveEvidence ||
    window.confirm(
      `The SOC is preserving evidence for ${props.incident}. Did you avoid reboots, reimaging and log rotation?`,
    );
  return (
    <form className="mt-2 space-y-2" noValidate onSubmit={f.onSubmit(complete.mutateAsync, confirm)}>
      {f.field('result', 'Result', <Textarea rows={2} {...f.register('result')} />)}
      <Button type="submit" disabled={f.pending}>
        Mark done
      </Button>
      <FormAlert message={f.failure} />
    </form>
  );
}
