'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { labelled } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { PASSWORD_MIN_LENGTH } from '@/server/auth/password-limits';
import { type CreateUserInput, createUserInput } from '@/server/services/users/schemas';
import { ROLE_LABELS, ROLES } from '@/workflows/tickets/constants';
import { userPath } from '../../_components/routes';
import { EditorFrame } from '../../sla/_components/editor-frame';
import { useEditorForm } from '../../sla/_components/use-editor-form';

const PASSWORD_NOTE =
  'Staff belong to the operator, customers to their own organisation. The initial password needs at least ' +
  `${PASSWORD_MIN_LENGTH} characters and must not be a common one or the email; hand it over in person or ` +
  'by another channel, and ask the person to change it after the first sign-in.';

export type OrganisationChoice = { id: string; name: string; kind: 'operator' | 'customer' };

/**
 * A new account: name, email, role and organisation (staff in the operator, customers in their own), and
 * an initial password under the password policy, which the admin hands over. Checked by the service's own
 * schema first; the server's findings (policy, role vs organisation, a taken email) land on their fields.
 */
export function NewUserForm({ organisations }: { organisations: OrganisationChoice[] }) {
  const trpc = useTRPC();
  const operator = organisations.find((o) => o.kind === 'operator');
  const { f, frame } = useEditorForm<CreateUserInput>(
    createUserInput,
    { name: '', email: '', role: 'noc_engineer', organisationId: operator?.id ?? '', password: '' },
    'new-user',
    { creates: userPath },
  );
  const create = useMutation(trpc.users.create.mutationOptions(f.callbacks));
  const framing = frame((values) => create.mutateAsync(values));
  const organisationChoices = organisations.map(
    (o) => [o.id, o.kind === 'operator' ? `${o.name} (staff)` : `${o.name} (customer)`] as const,
  );
  return (
    <EditorFrame {...framing} label="New user" legend="New user" readOnly={false} submitLabel="Create user">
      <div className="grid gap-3 sm:grid-cols-2">
        {f.field('name', 'Name', <Input autoComplete="off" {...f.register('name')} />)}
        {f.field('email', 'Email', <Input type="email" autoComplete="off" {...f.register('email')} />)}
        {f.select('role', 'Role', labelled(ROLES, ROLE_LABELS))}
        {f.select('organisationId', 'Organisation', organisationChoices)}
        {f.field(
          'password',
          'Initial password',
          <Input type="password" autoComplete="new-password" {...f.register('password')} />,
        )}
      </div>
      <p className="text-xs text-muted">{PASSWORD_NOTE}</p>
    </EditorFrame>
  );
}
