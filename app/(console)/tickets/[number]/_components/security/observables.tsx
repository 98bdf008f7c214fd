import { Flag } from 'lucide-react';
import Link from 'next/link';
import { ObservableActions } from './observable-actions';
import { ObservableForm } from './observable-form';
import { Reveal } from './reveal';
import { cell, Dash, Empty, link, row, Section, Table, type Workspace } from './section';

/** IPs, hosts, hashes… with the IOC flag and the other tickets (this reader may see) that share them. */
export function Observables(props: {
  ticketId: string;
  observables: Workspace['observables'];
  canWork: boolean;
}) {
  const { ticketId, observables, canWork } = props;
  return (
    <Section title="Observables">
      {observables.length === 0 ? (
        <Empty>No observables recorded.</Empty>
      ) : (
        <Table head={['Type', 'Value', 'IOC', 'Also seen in', '']}>
          {observables.map((o) => (
            <tr key={o.id} className={row}>
              <td className={cell}>{o.type}</td>
              <td className={`${cell} break-all font-mono`} title={o.note || undefined}>
                {o.value}
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                {o.ioc ? (
                  <span className="inline-flex items-center gap-1 font-semibold text-red-700 dark:text-red-400">
                    <Flag aria-hidden className="size-3.5" /> IOC
                  </span>
                ) : (
                  <Dash />
                )}
              </td>
              <td className={cell}>
                {o.alsoSeenIn.length === 0 ? (
                  <Dash />
                ) : (
                  <span className="flex flex-wrap gap-x-2">
                    {o.alsoSeenIn.map((number) => (
                      <Link key={number} className={`font-mono ${link}`} href={`/tickets/${number}`}>
                        {number}
                      </Link>
                    ))}
                  </span>
                )}
              </td>
              <td className={`${cell} text-right`}>
                {canWork && (
                  <ObservableActions ticketId={ticketId} observableId={o.id} value={o.value} ioc={o.ioc} />
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {canWork && (
        <Reveal label="Add observable…">
          <ObservableForm ticketId={ticketId} />
        </Reveal>
      )}
    </Section>
  );
}
