'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert, Label, Select, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { commentInput } from '@/server/services/tickets/schemas';

/** Internal note or public update; security incidents allow internal notes only. */
export function CommentForm({ ticketId, allowPublic }: { ticketId: string; allowPublic: boolean }) {
  const trpc = useTRPC();
  const f = useServerForm(commentInput, { id: ticketId, body: '', visibility: 'internal' }, 'comment', {
    keepValues: true,
    // The next note keeps the visibility just used; only the text starts over.
    onSuccess: (_, form) => form.reset({ id: ticketId, body: '', visibility: form.getValues('visibility') }),
  });
  const comment = useMutation(trpc.tickets.comment.mutationOptions(f.callbacks));
  return (
    <form onSubmit={f.onSubmit(comment.mutateAsync)} noValidate className="max-w-2xl space-y-2">
      <Label htmlFor="comment-body">Add a note</Label>
      <Textarea rows={3} data-shortcut="comment" {...f.register('body')} />
      {f.error('body')}
      <div className="flex items-center gap-2">
        <Select aria-label="Visibility" className="w-auto" {...f.register('visibility')}>
          <option value="internal">Internal note</option>
          {allowPublic && <option value="public">Public update (customers see it)</option>}
        </Select>
        <Button type="submit" disabled={f.pending}>
          Post
        </Button>
      </div>
      <FormAlert message={f.failure} />
    </form>
  );
}
