'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type ServiceRefInput, serviceRefInput } from '@/server/services/directory/schemas';

/**
 * Retires a service after a confirmation (it leaves the status page and can no longer be named by new
 * tickets), or restores a retired one.
 */
export function RetireService(props: { serviceId: string; name: string; retired: boolean }) {
  const trpc = useTRPC();
  const f = useServerForm<ServiceRefInput>(
    serviceRefInput,
    { serviceId: props.serviceId },
    `retire-${props.serviceId}`,
    { successMessage: props.retired ? `${props.name} restored.` : `${props.name} retired.` },
  );
  const retire = useMutation(trpc.directory.retireService.mutationOptions(f.callbacks));
  const restore = useMutation(trpc.directory.restoreService.mutationOptions(f.callbacks));
  const confirm = () =>
    window.confirm(
      props.retired
        ? `Restore ${props.name}? It returns to the status page and the pickers.`
        : `Retire ${props.name}? It leaves the status page and new tickets can no longer name it; existing tickets keep it.`,
    );
  const send = props.retired ? restore.mutateAsync : retire.mutateAsync;
  return (
    <form
      aria-label={`${props.retired ? 'Restore' : 'Retire'} ${props.name}`}
      noValidate
      onSubmit={f.onSubmit(send, confirm)}
    >
      <Button type="submit" variant={props.retired ? 'ghost' : 'danger'} disabled={f.pending}>
        {props.retired ? 'Restore service…' : 'Retire service…'}
      </Button>
      <FormAlert message={f.failure} />
    </form>
  );
}
