import Link from 'next/link';
import type { TicketLinkView } from '@/server/services/tickets/list-links';

/** How a link reads from this ticket's side: "duplicates" one way is "duplicated by" the other. */
const RELATION: Record<TicketLinkView['type'], Record<TicketLinkView['direction'], string>> = {
  relates_to: { outgoing: 'Relates to', incoming: 'Relates to' },
  duplicates: { outgoing: 'Duplicates', incoming: 'Duplicated by' },
  caused_by: { outgoing: 'Caused by', incoming: 'Causes' },
  handoff: { outgoing: 'Handed off to', incoming: 'Handed off from' },
};

/** tickets.links as the reader may see them (hidden incidents are not listed; stubs by their summary). */
export function LinkedTickets({ links }: { links: TicketLinkView[] }) {
  if (links.length === 0) return <p className="text-sm text-muted">No linked tickets.</p>;
  return (
    <ul className="space-y-2 text-sm" aria-label="Linked tickets">
      {links.map((link) => (
        <li key={`${link.type}:${link.direction}:${link.ticket.id}`} className="break-words">
          <span className="text-muted">{RELATION[link.type][link.direction]} </span>
          <Link
            href={`/tickets/${link.ticket.number}`}
            className="font-mono text-sky-700 hover:underline dark:text-sky-400"
          >
            {link.ticket.number}
          </Link>{' '}
          {/* Plain words: the page's one status badge (data-testid ticket-status) is this ticket's own. */}
          <span className="text-xs text-muted">· {link.ticket.status.replaceAll('_', ' ')}</span>
          <span className="mt-0.5 block">{link.ticket.title}</span>
        </li>
      ))}
    </ul>
  );
}
