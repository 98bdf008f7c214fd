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
  if (shown.length === 0) return <Nothing label="No running SLA" />;
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

/** An empty cell that says so to screen readers. */
function Nothing({ label }: { label: string }) {
  return (
    <span className="text-muted">
      <span aria-hidden>—</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

const COLUMNS = ['Ticket', 'Title', 'Status', 'Pri', 'Customer', 'Assignee', 'Next SLA', 'Opened'] as const;

/**
 * A dense queue table (tables over cards, DESIGN §4). A whole row opens its ticket: the number is the
 * row's link (so keyboards and screen readers get a real link), stretched over the row for the pointer.
 * The table scrolls inside its own box when the viewport is narrower than it, never the page.
 */
export function TicketTable({
  tickets,
  empty,
  renderedAt,
  caption,
}: {
  tickets: TicketView[];
  empty: string;
  renderedAt: number;
  caption?: string;
}) {
  if (tickets.length === 0) return <p className="py-8 text-center text-muted">{empty}</p>;
  // Whom a ticket is assigned to is internal: a customer's list (public projections) has no such column.
  const assignees = tickets.some((t) => t.projection === 'full');
  const columns = COLUMNS.filter((c) => assignees || c !== 'Assignee');
  return (
    <div className="max-w-full overflow-x-auto" data-testid="ticket-table">
      <table className="w-full border-collapse text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-muted dark:border-zinc-800">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap py-2 pr-3 font-medium">
                {column === 'Pri' ? <abbr title="Priority">Pri</abbr> : column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tickets.map((t) => (
            <tr
              key={t.id}
              data-ticket={t.number}
              className="relative border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-900 dark:hover:bg-zinc-900"
            >
              <td className="whitespace-nowrap py-2 pr-3 font-mono">
                <Link
                  className="text-sky-700 after:absolute after:inset-0 hover:underline dark:text-sky-400"
                  href={`/tickets/${t.number}`}
                >
                  {t.number}
                </Link>
              </td>
              <td className="min-w-48 py-2 pr-3">{t.title}</td>
              <td className="py-2 pr-3">
                <TicketStatusBadge status={t.status} />
              </td>
              <td className="py-2 pr-3">
                {t.priority ? <PriorityChip priority={t.priority} /> : <Nothing label="Not shown" />}
              </td>
              <td className="py-2 pr-3 text-zinc-600 dark:text-zinc-400">
                {t.organisation?.name ?? <Nothing label="Not shown" />}
              </td>
              {assignees && (
                <td className="whitespace-nowrap py-2 pr-3 text-zinc-600 dark:text-zinc-400">
                  {t.assignee?.name ??
                    (t.projection === 'stub' ? (
                      <Nothing label="Not shown" />
                    ) : (
                      <span className="text-muted">Unassigned</span>
                    ))}
                </td>
              )}
              <td className="py-2 pr-3">
                <NextSla clocks={t.clocks} renderedAt={renderedAt} />
              </td>
              <td className="whitespace-nowrap py-2 text-zinc-600 dark:text-zinc-400">
                {t.createdAt ? <RelativeTime date={t.createdAt} /> : <Nothing label="Not shown" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
