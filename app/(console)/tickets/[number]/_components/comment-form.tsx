'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Button, FieldError, Label, Select, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { commentInput } from '@/server/services/tickets/schemas';

type Input = z.input<typeof commentInput>;
type Output = z.output<typeof commentInput>;

/** Internal note or public update; security incidents allow internal notes only. */
export function CommentForm({ ticketId, allowPublic }: { ticketId: string; allowPublic: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useForm<Input, unknown, Output>({
    resolver: zodResolver(commentInput),
    defaultValues: { id: ticketId, body: '', visibility: 'internal' },
  });
  const comment = useMutation(
    trpc.tickets.comment.mutationOptions({
      onSuccess: () => {
        form.reset({ id: ticketId, body: '', visibility: form.getValues('visibility') });
        router.refresh();
      },
      onError: (error) =>
        form.setError('body', { message: error.data?.fieldErrors?.body?.[0] ?? error.message }),
    }),
  );
  const { errors, isSubmitting } = form.formState;
  return (
    <form
      onSubmit={form.handleSubmit((values) => comment.mutateAsync(values).catch(() => {}))}
      noValidate
      className="max-w-2xl space-y-2"
    >
      <Label htmlFor="comment-body">Add a note</Label>
      <Textarea id="comment-body" rows={3} aria-invalid={!!errors.body} {...form.register('body')} />
      <FieldError id="comment-body-error" message={errors.body?.message} />
      <div className="flex items-center gap-2">
        <Select aria-label="Visibility" className="w-auto" {...form.register('visibility')}>
          <option value="internal">Internal note</option>
          {allowPublic && <option value="public">Public update (customers see it)</option>}
        </Select>
        <Button type="submit" disabled={isSubmitting}>
          Post
        </Button>
      </div>
    </form>
  );
}
