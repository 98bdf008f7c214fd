'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert, Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { completeTaskInput } from '@/server/services/security/schemas';

/** An open task's inline completion: an optional result, then Complete. */
export function CompleteTask({ taskId, title }: { taskId: string; title: string }) {
  const trpc = useTRPC();
  const f = useServerForm(completeTaskInput, { taskId, result: '' }, `sec-task-${taskId}`);
  const complete = useMutation(trpc.security.completeTask.mutationOptions(f.callbacks));
  return (
    <form noValidate className="min-w-56" onSubmit={f.onSubmit((values) => complete.mutateAsync(values))}>
      <div className="flex items-start gap-1">
        <Input aria-label={`Result of ${title}`} placeholder="Result (optional)" {...f.register('result')} />
        <Button type="submit" disabled={f.pending}>
          Complete
        </Button>
      </div>
      <FormAlert message={f.failure ?? f.form.formState.errors.result?.message ?? null} />
    </form>
  );
}
