'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type ServiceRefInput, serviceRefInput } from '@/server/services/directory/schemas';

/** Retires a service after a confirmation: it leaves the status page and can no longer be named by new tickets. */
export function RetireService(props: { serviceId: string; name: string }) {
  const trpc = useTRPC();
  const f = useServerForm<ServiceRefInput>(
    serviceRefInput,
    { serviceId: props.serviceId },
    `retire-${props.serviceId}`,
  );
  const retire = useMutation(trpc.directory.retireService.mutationOptions(f.callbacks));
  const confirm = () =>
    window.confirm(
      `Retire ${props.name}? It leaves the status page and new tickets can no longer name it; existing tickets keep it.`,
    );
  return (
    <form aria-label={`Retire ${props.name}`} noValidate onSubmit={f.onSubmit(retire.mutateAsync, confirm)}>
      <Button type="submit" variant="danger" disabled={f.pending}>
        Retire service…
      </Button>
      <FormAlert message={f.failure} />
    </form>
  );
}
