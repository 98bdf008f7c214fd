import { CircleAlert } from 'lucide-react';
import { cell, Dash, Empty, row, Table, TaskStatus } from '../security/section';
import { CompleteFollowUp } from './complete-follow-up';
import { FollowUpForm } from './follow-up-form';

interface FollowUp {
  id: string;
  title: string;
  owner: string | null;
  dueOn: string;
  status: 'open' | 'done';
  overdue: boolean;
  mayComplete: boolean;
}

/** The review's follow-up actions: what, who, by when, done or open. */
export function FollowUps(props: {
  ticketId: string;
  followUps: FollowUp[];
  mayAdd: boolean;
  staff: { id: string; name: string }[];
}) {
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-medium">Follow-up actions</h3>
      {props.followUps.length === 0 ? (
        <Empty>No follow-up actions yet.</Empty>
      ) : (
        <Table head={['Action', 'Owner', 'Due', 'Status', '']}>
          {props.followUps.map((f) => (
            <tr key={f.id} className={row}>
              <td className={`${cell} font-medium`}>{f.title}</td>
              <td className={cell}>{f.owner ?? <Dash />}</td>
              <td className={`${cell} whitespace-nowrap`}>
                <time dateTime={f.dueOn}>{f.dueOn}</time>
                {f.overdue && (
                  <span className="ml-2 inline-flex items-center gap-1 text-red-700 dark:text-red-400">
                    <CircleAlert aria-hidden className="size-3.5" />
                    overdue
                  </span>
                )}
              </td>
              <td className={cell}>
                <TaskStatus status={f.status} />
              </td>
              <td className={cell}>
                {f.mayComplete && <CompleteFollowUp followUpId={f.id} title={f.title} />}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {props.mayAdd && <FollowUpForm ticketId={props.ticketId} staff={props.staff} />}
    </div>
  );
}
