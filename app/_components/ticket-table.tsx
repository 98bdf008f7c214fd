import Link from 'next/link';
import type { TicketView } from '@/server/services/tickets/view';
import { PriorityChip, TicketStatusBadge } from './badges';
import { RelativeTime } from './relative-time';
import { SlaClockBadge } from './sla-clock';

/** A dense queue table: tables over cards (DESIGN §4). */
export function TicketTable({
  tickets,
  empty,
  renderedAt,
}: {
  tickets: TicketView[];
  empty: string;
  renderedAt: number;
}) {
  if (tickets.length === 0) return <p className="py-8 text-center text-zinc-500">{empty}</p>;
  return (
    <table className="w-full border-collapse text-left">
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <tr>
          <th className="py-2 pr-3 font-medium">Ticket</th>
          <th className="py-2 pr-3 font-medium">Pri</th>
          <th className="py-2 pr-3 font-medium">Title</th>
          <th className="py-2 pr-3 font-medium">Customer</th>
          <th className="py-2 pr-3 font-medium">Status</th>
          <th className="py-2 pr-3 font-medium">Next SLA</th>
          <th className="py-2 font-medium">Opened</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((t) => (
          <tr
            key={t.id}
            className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-900 dark:hover:bg-zinc-900"
          >
            <td className="py-2 pr-3 font-mono text-sm">
              <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/tickets/${t.number}`}>
                {t.number}
              </Link>
            </td>
            <td className="py-2 pr-3">{t.priority && <PriorityChip priority={t.priority} />}</td>
            <td className="py-2 pr-3">{t.title}</td>
            <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">{t.organisation?.name ?? '—'}</td>
            <td className="py-2 pr-3">
              <TicketStatusBadge status={t.status} />
            </td>
            <td className="py-2 pr-3">
              {t.urgentClock ? (
                <span className="inline-flex items-center gap-1">
                  <span className="text-xs text-zinc-500">
                    {t.urgentClock.metric === 'response' ? 'resp.' : 'resol.'}
                  </span>
                  <SlaClockBadge clock={t.urgentClock} renderedAt={renderedAt} />
                </span>
              ) : (
                <span className="text-zinc-400">—</span>
              )}
            </td>
            <td className="py-2 text-sm text-zinc-600 dark:text-zinc-400">
              {t.createdAt && <RelativeTime date={t.createdAt} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
