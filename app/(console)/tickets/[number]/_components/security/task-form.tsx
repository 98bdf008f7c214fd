'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Select, Textarea } from '@/app/_components/form';
import { blankAs, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { addTaskInput } from '@/server/services/security/schemas';
import { WorkspaceForm } from './workspace-form';

export function TaskForm(props: { ticketId: string; assignees: { id: string; name: string }[] }) {
  const { ticketId } = props;
  const trpc = useTRPC();
  const f = useServerForm(
    addTaskInput,
    { id: ticketId, title: '', details: '', dueAt: '', assigneeId: '' },
    'sec-task',
  );
  const add = useMutation(trpc.security.addTask.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={add.mutateAsync} submit="Add task">
      <div className="grid grid-cols-[1fr_12rem_14rem] gap-3">
        {f.field('title', 'Task title', <Input {...f.register('title')} />)}
        {f.field(
          'assigneeId',
          'Assignee',
          <Select {...f.register('assigneeId', { setValueAs: blankAs(null) })}>
            <option value="">Unassigned</option>
            {props.assignees.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>,
        )}
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
