'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert, Label, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { portalCommentInput } from '@/server/services/portal/schemas';

/** The customer's side of the conversation: always public (support and the organisation's people read it). */
export function PortalCommentForm({ ticketId }: { ticketId: string }) {
  const trpc = useTRPC();
  const f = useServerForm(portalCommentInput, { id: ticketId, body: '' }, 'portal-comment', {
    successMessage: 'Comment sent to support.',
  });
  const comment = useMutation(trpc.portal.comment.mutationOptions(f.callbacks));
  const body = f.register('body');
  const describedBy = [body['aria-describedby'], 'portal-comment-help'].filter(Boolean).join(' ');
  return (
    <form onSubmit={f.onSubmit(comment.mutateAsync)} noValidate className="space-y-2">
      <Label htmlFor="portal-comment-body">Add a comment</Label>
      <p id="portal-comment-help" className="text-sm text-muted">
        Support reads it, and so does everyone of your organisation who uses this portal.
      </p>
      <Textarea rows={4} {...body} aria-describedby={describedBy} />
      {f.error('body')}
      <FormAlert message={f.failure} />
      <Button type="submit" disabled={f.pending}>
        {f.pending ? 'Sending…' : 'Send comment'}
      </Button>
    </form>
  );
}
