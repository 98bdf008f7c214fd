'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type LinkInput, linkInput } from '@/server/services/tickets/schemas';
import { Reveal } from './security/reveal';
import { WorkspaceForm } from './security/workspace-form';

/** What a link means, read from this ticket's side (the list reads the other side's wording). */
const LINK_CHOICES = [
  ['relates_to', 'Relates to'],
  ['duplicates', 'Duplicates'],
  ['caused_by', 'Caused by'],
] as const;

/**
 * Links this ticket to another by its number (tickets.link): a number the user may not see answers as
 * if it did not exist, on the field.
 */
export function LinkForm({ ticketId }: { ticketId: string }) {
  const trpc = useTRPC();
  const defaults: LinkInput = { id: ticketId, target: { number: '' }, type: 'relates_to' };
  const f = useServerForm(linkInput, defaults, 'link', {
    successMessage: (data: { linked: boolean }) => (data.linked ? 'Linked.' : 'Already linked.'),
    // The service names the target as a whole; the form shows it on the number.
    pathOf: (key) => (key === 'target' ? 'target.number' : key),
  });
  const link = useMutation(trpc.tickets.link.mutationOptions(f.callbacks));
  return (
    <Reveal label="Link a ticket…" variant="ghost">
      <WorkspaceForm of={f} send={link.mutateAsync} submit="Link">
        {f.select('type', 'This ticket', LINK_CHOICES)}
        {f.field(
          'target.number',
          'Ticket number',
          <Input placeholder="OUT-1042" {...f.register('target.number')} />,
        )}
      </WorkspaceForm>
    </Reveal>
  );
}
