'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { addTaskInput } from '@/server/services/security/schemas';
import { blankAs, useWorkspaceForm, WorkspaceForm } from './use-workspace-form';

export function TaskForm({ ticketId }: { ticketId: string }) {
  const trpc = useTRPC();
  const f = useWorkspaceForm(addTaskInput, { id: ticketId, title: '', details: '', dueAt: '' }, 'sec-task');
  const add = useMutation(trpc.security.addTask.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={add.mutateAsync} submit="Add task">
      <div className="grid grid-cols-[1fr_14rem] gap-3">
        {f.field('title', 'Task title', <Input {...f.register('title')} />)}
        {f.field(
          'dueAt',
          'Due',
          <Input type="datetime-local" {...f.register('dueAt', { setValueAs: blankAs(null) })} />,
        )}
      </div>
      {f.field('details', 'Task details', <Textarea rows={2} {...f.register('details')} />)}
    </WorkspaceForm>
  );
}
