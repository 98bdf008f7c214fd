'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type IntegrationIdInput, integrationIdInput } from '@/server/services/integrations/schemas';

/** Revokes an integration's key after a confirmation: its next delivery is refused with 401. */
export function RevokeIntegration(props: { id: string; name: string }) {
  const trpc = useTRPC();
  const f = useServerForm<IntegrationIdInput>(integrationIdInput, { id: props.id }, `revoke-${props.id}`, {
    successMessage: `${props.name} revoked.`,
  });
  const revoke = useMutation(trpc.integrations.revoke.mutationOptions(f.callbacks));
  const confirm = () =>
    window.confirm(`Revoke ${props.name}? Its key stops working at once; this cannot be undone.`);
  return (
    <form aria-label={`Revoke ${props.name}`} noValidate onSubmit={f.onSubmit(revoke.mutateAsync, confirm)}>
      <Button type="submit" variant="danger" disabled={f.pending}>
        Revoke…
      </Button>
      <FormAlert message={f.failure} />
    </form>
  );
}
