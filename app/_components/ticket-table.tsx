import Link from 'next/link';
import type { TicketView } from '@/server/services/tickets/internal/view';
import { METRIC_LABELS, METRIC_SHORT_LABELS } from '@/workflows/sla/constants';
import { queueClocks } from '@/workflows/sla/display';
import { PriorityChip, TicketStatusBadge } from './badges';
import { RelativeTime } from './relative-time';
import { SlaClockBadge } from './sla-clock';

/**
 * The queue's "Next SLA": each clock under its metric's name, urgent ones (the colour bands) all shown with
 * the customer's SLA first, else the next deadline, else a paused clock (workflows/sla/display).
 */
function NextSla({ clocks, renderedAt }: { clocks: TicketView['clocks']; renderedAt: number }) {
  const shown = queueClocks(clocks);
  if (shown.length === 0)
    return (
      <span className="text-muted">
        <span aria-hidden>—</span>
        <span className="sr-only">No running SLA</span>
      </span>
    );
  return (
    <ul className="space-y-0.5">
      {shown.map((clock) => (
        <li key={clock.id} className="flex items-center gap-1" data-metric={clock.metric}>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            <span aria-hidden>{METRIC_SHORT_LABELS[clock.metric]}</span>
            <span className="sr-only">{METRIC_LABELS[clock.metric]}</span>
          </span>
          <SlaClockBadge clock={clock} renderedAt={renderedAt} />
        </li>
      ))}
    </ul>
  );
}

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
  if (tickets.length === 0) return <p className="py-8 text-center text-muted">{empty}</p>;
  return (
    <table className="w-full border-collapse text-left">
      <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-muted dark:border-zinc-800">
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
              <NextSla clocks={t.clocks} renderedAt={renderedAt} />
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
