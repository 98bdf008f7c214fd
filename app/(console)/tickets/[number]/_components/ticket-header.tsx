import { CircleCheck } from 'lucide-react';
import { PriorityChip, TicketStatusBadge, TlpBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import type { TicketView } from '@/server/services/tickets/internal/view';
import { priorityOrigin } from './priority-origin';

type FullTicket = Extract<TicketView, { projection: 'full' | 'public' }>;

/** Number, title, status, priority with what made it, customer, services and assignee (issue #12). */
export function TicketHeader({ ticket }: { ticket: FullTicket }) {
  const origin = priorityOrigin(ticket);
  const services = ticket.services.map((s) => s.name).join(', ');
  return (
    <header className="mb-4 min-w-0">
      <p className="font-mono text-sm text-muted">{ticket.number}</p>
      <h1 className="break-words text-2xl font-semibold">{ticket.title}</h1>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
        <TicketStatusBadge status={ticket.status} />
        <span className="inline-flex flex-wrap items-center gap-1.5" data-testid="ticket-priority">
          <PriorityChip priority={ticket.priority} />
          {origin && <span className="text-zinc-700 dark:text-zinc-300">· {origin}</span>}
        </span>
        {ticket.tlp && <TlpBadge tlp={ticket.tlp} />}
      </div>
      <p className="mt-2 break-words text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{ticket.organisation.name}</span>
        {services && <> · {services}</>}
        {' · '}
        {ticket.assignee ? <>assigned to {ticket.assignee.name}</> : 'unassigned'}
        {' · opened '}
        <RelativeTime date={ticket.createdAt} />
      </p>
      {ticket.resolutionSummary && (
        <section
          aria-label="Resolution"
          className="mt-3 flex gap-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
        >
          <CircleCheck
            aria-hidden
            className="mt-0.5 size-4 shrink-0 text-emerald-700 dark:text-emerald-400"
          />
          <div className="min-w-0">
            <p className="font-medium">
              Resolution
              {ticket.causeCategory && <> · cause: {ticket.causeCategory.replaceAll('_', ' ')}</>}
            </p>
            <p className="mt-1 whitespace-pre-wrap break-words">{ticket.resolutionSummary}</p>
          </div>
        </section>
      )}
    </header>
  );
}
