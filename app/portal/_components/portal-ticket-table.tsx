import Link from 'next/link';
import { PriorityChip, TicketStatusBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import { SlaClockBadge } from '@/app/_components/sla-clock';
import type { PortalTicketRow } from '@/server/services/portal/list-tickets';
import { METRIC_LABELS } from '@/workflows/sla/constants';
import { queueClocks } from '@/workflows/sla/display';
import { PUBLIC_INCIDENT_STATUS_LABEL, type PublicIncidentStatus } from '@/workflows/status/constants';
import { portalTicketHref } from './words';

const COLUMNS = ['Ticket', 'Title', 'Status', 'Priority', 'SLA', 'Last public update', 'Opened'] as const;

/** The SLA a customer watches: the urgent or next clock, else a paused one, else how the SLA ended. */
function Sla({ clocks, renderedAt }: { clocks: PortalTicketRow['clocks']; renderedAt: number }) {
  const shown = queueClocks(clocks);
  const list = shown.length > 0 ? shown : clocks;
  if (list.length === 0) return <span className="text-muted">No SLA</span>;
  return (
    <ul className="space-y-0.5">
      {list.map((clock) => (
        <li key={clock.metric} className="flex items-center gap-1" data-metric={clock.metric}>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">{METRIC_LABELS[clock.metric]}</span>
          <SlaClockBadge clock={clock} renderedAt={renderedAt} />
        </li>
      ))}
    </ul>
  );
}

function LastUpdate({ update }: { update: PortalTicketRow['lastUpdate'] }) {
  if (!update) return <span className="text-muted">None yet</span>;
  return (
    <div className="max-w-72">
      {update.status && (
        <span className="mr-1 font-medium">
          {PUBLIC_INCIDENT_STATUS_LABEL[update.status as PublicIncidentStatus] ?? update.status}:
        </span>
      )}
      <span className="text-zinc-700 dark:text-zinc-300">{update.excerpt}</span>
      <span className="block text-xs text-muted">
        <RelativeTime date={update.at} />
      </span>
    </div>
  );
}

/**
 * The portal's list of tickets. Its own table (not the console's queue table): a portal row links to the
 * portal's ticket page and shows the public facts only, the last public update among them.
 */
export function PortalTicketTable({
  tickets,
  renderedAt,
}: {
  tickets: PortalTicketRow[];
  renderedAt: number;
}) {
  return (
    <div className="max-w-full overflow-x-auto" data-testid="ticket-table">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Your organisation's tickets</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-muted dark:border-zinc-800">
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap py-2 pr-3 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr
              key={t.number}
              data-ticket={t.number}
              className="relative border-b border-zinc-100 align-top hover:bg-zinc-50 dark:border-zinc-900 dark:hover:bg-zinc-900"
            >
              <td className="whitespace-nowrap py-2 pr-3 font-mono">
                <Link
                  className="text-sky-700 after:absolute after:inset-0 hover:underline dark:text-sky-400"
                  href={portalTicketHref(t.number)}
                >
                  {t.number}
                </Link>
              </td>
              <td className="min-w-48 py-2 pr-3">
                {t.title}
                {t.services.length > 0 && (
                  <span className="block text-xs text-muted">{t.services.join(', ')}</span>
                )}
              </td>
              <td className="py-2 pr-3">
                <TicketStatusBadge status={t.status} />
              </td>
              <td className="py-2 pr-3">
                <PriorityChip priority={t.priority} />
              </td>
              <td className="py-2 pr-3">
                <Sla clocks={t.clocks} renderedAt={renderedAt} />
              </td>
              <td className="py-2 pr-3">
                <LastUpdate update={t.lastUpdate} />
              </td>
              <td className="whitespace-nowrap py-2 text-zinc-600 dark:text-zinc-400">
                <RelativeTime date={t.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
