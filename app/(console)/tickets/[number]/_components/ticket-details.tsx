import { TlpBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import type { TicketView } from '@/server/services/tickets/internal/view';
import { AssigneePicker } from './assignee-picker';
import { priorityOrigin } from './priority-origin';

type FullTicket = Extract<TicketView, { projection: 'full' | 'public' }>;

const SOURCE_LABEL: Record<string, string> = {
  manual: 'Opened by hand',
  alertmanager: 'Alertmanager',
  'events-v2': 'Events API',
  heartbeat: 'Heartbeat monitor',
  portal: 'Customer portal',
  handoff: 'NOC handoff',
};

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-2">
      <dt className="text-muted">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

/** The side column's facts: who, what, how urgent, and where the ticket came from. */
export function TicketDetails({ ticket }: { ticket: FullTicket }) {
  const origin = priorityOrigin(ticket);
  return (
    <dl className="space-y-2 text-sm">
      <Row term="Customer">
        {ticket.organisation.name}
        <span className="block text-xs text-muted">{ticket.organisation.timeZone}</span>
      </Row>
      <Row term="Services">{ticket.services.map((s) => s.name).join(', ') || '—'}</Row>
      <Row term="Assignee">
        {ticket.version !== null ? (
          <AssigneePicker
            ticketId={ticket.id}
            kind={ticket.kind}
            assigneeId={ticket.assignee?.id ?? null}
            version={ticket.version}
          />
        ) : (
          (ticket.assignee?.name ?? 'Unassigned')
        )}
      </Row>
      {ticket.impact && (
        <Row term="Priority">
          {ticket.impact} impact × {ticket.urgency} urgency → {ticket.priority}
          {origin?.startsWith('overridden') && <span className="block text-xs text-muted">{origin}</span>}
        </Row>
      )}
      {ticket.severity && <Row term="Severity">{ticket.severity}</Row>}
      {ticket.tlp && (
        <Row term="TLP">
          <TlpBadge tlp={ticket.tlp} />
          {ticket.pap && <span className="ml-2 text-xs text-muted">PAP:{ticket.pap}</span>}
        </Row>
      )}
      {ticket.source && <Row term="Source">{SOURCE_LABEL[ticket.source] ?? ticket.source}</Row>}
      <Row term="Opened">
        <RelativeTime date={ticket.createdAt} />
      </Row>
      {ticket.acknowledgedAt && (
        <Row term="Acknowledged">
          <RelativeTime date={ticket.acknowledgedAt} />
        </Row>
      )}
      {ticket.resolvedAt && (
        <Row term="Resolved">
          <RelativeTime date={ticket.resolvedAt} />
        </Row>
      )}
    </dl>
  );
}
