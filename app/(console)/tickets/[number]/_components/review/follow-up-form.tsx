'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Input } from '@/app/_components/form';
import { FormFooter } from '@/app/_components/forms/form-footer';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { addFollowUpInput } from '@/server/services/reviews/schemas';
import { formBox } from '../security/section';

/** "Add follow-up action…" opens the form: what will be done, its owner (a colleague), its due date. */
export function FollowUpForm(props: { ticketId: string; staff: { id: string; name: string }[] }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button type="button" variant="ghost" onClick={() => setOpen(true)}>
        Add follow-up action…
      </Button>
    );
  return <OpenForm {...props} onClose={() => setOpen(false)} />;
}

function OpenForm(props: { ticketId: string; staff: { id: string; name: string }[]; onClose: () => void }) {
  const trpc = useTRPC();
  const f = useServerForm(
    addFollowUpInput,
    { id: props.ticketId, title: '', ownerId: '', dueOn: '' },
    'follow-up',
    { onSuccess: props.onClose },
  );
  const add = useMutation(trpc.reviews.addFollowUp.mutationOptions(f.callbacks));
  return (
    <form noValidate className={`space-y-3 ${formBox}`} onSubmit={f.onSubmit(add.mutateAsync)}>
      <div className="grid gap-3 md:grid-cols-[1fr_14rem_10rem]">
        {f.field('title', 'Follow-up action', <Input {...f.register('title')} />)}
        {f.select(
          'ownerId',
          'Owner',
          props.staff.map((s) => [s.id, s.name] as const),
          { blank: 'Choose a colleague' },
        )}
        {f.field('dueOn', 'Due date', <Input type="date" {...f.register('dueOn')} />)}
      </div>
      <FormFooter submit="Add follow-up" pending={f.pending} onCancel={props.onClose} failure={f.failure} />
    </form>
  );
}
