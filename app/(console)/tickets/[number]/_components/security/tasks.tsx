import { RelativeTime } from '@/app/_components/relative-time';
import { CompleteTask } from './complete-task';
import { Reveal } from './reveal';
import { cell, Dash, Empty, muted, row, Section, Table, TaskStatus, type Workspace } from './section';
import { TaskForm } from './task-form';

/** The SOC's own work items on the incident. */
export function Tasks(props: {
  ticketId: string;
  tasks: Workspace['tasks'];
  canWork: boolean;
  assignees: { id: string; name: string }[];
}) {
  const { ticketId, tasks, canWork } = props;
  return (
    <Section title="Tasks">
      {tasks.length === 0 ? (
        <Empty>No tasks yet.</Empty>
      ) : (
        <Table head={['Task', 'Assignee', 'Due', 'Status', 'Result']}>
          {tasks.map((t) => (
            <tr key={t.id} className={row}>
              <td className={cell}>
                <span className="font-medium">{t.title}</span>
                {t.details && <p className={`whitespace-pre-wrap text-xs ${muted}`}>{t.details}</p>}
              </td>
              <td className={cell}>{t.assignee?.name ?? <Dash />}</td>
              <td className={`${cell} whitespace-nowrap`}>
                {t.dueAt ? <RelativeTime date={t.dueAt} /> : <Dash />}
              </td>
              <td className={cell}>
                <TaskStatus status={t.status} />
              </td>
              <td className={cell}>
                {t.status === 'open' && canWork ? (
                  <CompleteTask taskId={t.id} title={t.title} />
                ) : (
                  <span className="whitespace-pre-wrap">{t.result || <Dash />}</span>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {canWork && (
        <Reveal label="Add task…">
          <TaskForm ticketId={ticketId} assignees={props.assignees} />
        </Reveal>
      )}
    </Section>
  );
}
