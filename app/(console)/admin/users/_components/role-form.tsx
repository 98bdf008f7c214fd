'use client';

import { useMutation } from '@tanstack/react-query';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type ChangeRoleInput, changeRoleInput } from '@/server/services/users/schemas';
import { ROLE_LABELS, ROLES, type Role } from '@/workflows/tickets/constants';

/**
 * The account's role. A change ends the person's sessions at once (they sign in again under the new
 * role); the last active admin keeps the role, which the server says on the field's form.
 */
export function RoleForm(props: { userId: string; role: Role; customer: boolean }) {
  const trpc = useTRPC();
  const f = useServerForm<ChangeRoleInput>(
    changeRoleInput,
    { userId: props.userId, role: props.role },
    `role-${props.userId}`,
    { keepValues: true },
  );
  const change = useMutation(trpc.users.changeRole.mutationOptions(f.callbacks));
  // Customers stay customers and staff stay staff: offer only the roles the account can take.
  const roles = ROLES.filter((r) => (r === 'customer') === props.customer);
  return (
    <form
      aria-label="Role"
      noValidate
      onSubmit={f.onSubmit(change.mutateAsync)}
      className="space-y-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h2 className="font-semibold">Role</h2>
      {f.select('role', 'Role', labelled(roles, ROLE_LABELS), { className: 'max-w-xs' })}
      <p className="text-xs text-muted">Changing the role signs the person out everywhere.</p>
      <FormFooter submit="Change role" pending={f.pending} failure={f.failure} />
    </form>
  );
}
