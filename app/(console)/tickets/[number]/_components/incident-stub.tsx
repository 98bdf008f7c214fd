import { TicketStatusBadge } from '@/app/_components/badges';
import type { TicketView } from '@/server/services/tickets/internal/view';

/** What a NOC engineer sees of an incident the NOC handed off: number, state, public summary (§2.9). */
export function IncidentStub({ ticket }: { ticket: TicketView }) {
  return (
    <article className="max-w-4xl">
      <p className="font-mono text-sm text-muted">{ticket.number}</p>
      <h1 className="text-2xl font-semibold">{ticket.title}</h1>
      <div className="mt-2 flex items-center gap-2">
        <TicketStatusBadge status={ticket.status} />
      </div>
      <p className="mt-4 text-sm text-zinc-600 dark:text-zinc-400">
        The SOC is handling this incident. Its details are restricted to the SOC; ask the SOC on the outage if
        you need more.
      </p>
    </article>
  );
}
