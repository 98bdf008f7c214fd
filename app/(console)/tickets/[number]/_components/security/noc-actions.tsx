import { CircleAlert } from 'lucide-react';
import Link from 'next/link';
import { RelativeTime } from '@/app/_components/relative-time';
import { NOC_ACTION_LABELS } from '@/workflows/security/constants';
import { NocActionForm } from './noc-action-form';
import { Reveal } from './reveal';
import { cell, Dash, Empty, link, row, Section, Table, TaskStatus, type Workspace } from './section';

/** What this incident asked of the NOC (each request lives on its outage, with its own due time). */
export function NocActions(props: {
  ticketId: string;
  nocActions: Workspace['nocActions'];
  handoffs: Workspace['handoffs'];
  canWork: boolean;
  renderedAt: number;
}) {
  const { ticketId, nocActions, canWork, renderedAt } = props;
  // One choice per outage handed off to this incident, in the order they came.
  const outages = [...new Map(props.handoffs.map((h) => [h.outage.id, h.outage])).values()];
  return (
    <Section title="NOC action requests">
      {nocActions.length === 0 ? (
        <Empty>No requests to the NOC.</Empty>
      ) : (
        <Table head={['Action', 'Outage', 'Details', 'Status', 'Due', 'Result', 'Completed']}>
          {nocActions.map((a) => {
            const overdue = a.status === 'open' && a.dueAt !== null && a.dueAt.getTime() < renderedAt;
            return (
              <tr key={a.id} className={row}>
                <td className={cell}>{a.action ? NOC_ACTION_LABELS[a.action] : a.title}</td>
                <td className={cell}>
                  <Link className={`font-mono ${link}`} href={`/tickets/${a.outage.number}`}>
                    {a.outage.number}
                  </Link>
                </td>
                <td className={`${cell} whitespace-pre-wrap`}>{a.details}</td>
                <td className={cell}>
                  <TaskStatus status={a.status} />
                </td>
                <td
                  className={`${cell} whitespace-nowrap ${overdue ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}
                >
                  {a.dueAt ? <RelativeTime date={a.dueAt} /> : <Dash />}
                  {overdue && (
                    <span className="flex items-center gap-1 text-xs">
                      <CircleAlert aria-hidden className="size-3" /> overdue
                    </span>
                  )}
                </td>
                <td className={`${cell} whitespace-pre-wrap`}>{a.result || <Dash />}</td>
                <td className={`${cell} whitespace-nowrap`}>
                  {a.completedAt ? <RelativeTime date={a.completedAt} /> : <Dash />}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      {canWork && outages.length > 0 && (
        <Reveal label="Ask the NOC…">
          <NocActionForm incidentId={ticketId} outages={outages} />
        </Reveal>
      )}
    </Section>
  );
}
