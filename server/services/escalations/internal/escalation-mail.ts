import type { Ticket } from '../../../../db/schema';
import { escalationLevelNumber } from '../../../../workflows/escalation';
import { formatTicketNumber } from '../../../../workflows/tickets/constants';
import type { TicketMail } from '../../notifications/internal/enqueue-mail';
import type { NotifyOutcome } from '../../notifications/internal/notify';
import type { FiringLevel } from '../sweep';

/**
 * The e-mails of the levels firing now: one per person each level's note reached (`outcomes`, in the
 * order of the levels that have a note), under the note's dedup key. Those the note skipped (need-to-know,
 * inactive) are not here, so they get no mail either; a security incident's mail carries no title
 * (notifications/internal/person-mail.ts).
 */
export function escalationMails(
  ticket: Ticket,
  levels: readonly FiringLevel[],
  outcomes: readonly NotifyOutcome[],
): TicketMail[] {
  let n = 0;
  return levels.flatMap((level) => {
    if (!level.note) return [];
    const outcome = outcomes[n++]!;
    return outcome.notified.map((userId) => ({
      userId,
      ticket: { id: ticket.id, kind: ticket.kind, organisationId: ticket.organisationId },
      eventKey: level.note!.dedupKey,
      payload: {
        kind: 'ticket.escalated' as const,
        ticketKind: ticket.kind,
        ticketNumber: formatTicketNumber(ticket.kind, ticket.number),
        level: escalationLevelNumber(level.fired.level as number),
        title: ticket.kind === 'security' ? null : ticket.title,
      },
    }));
  });
}
