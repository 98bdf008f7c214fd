// Which ticket transitions affect escalation (DESIGN.md §2.5: acknowledging stops escalation). Pure; the
// service applies the result with `acknowledgeEscalation` in the transition's transaction.

import { isResponseEvent } from '../sla/effects';
import type { TicketKind } from '../tickets/constants';

/**
 * 'ACKNOWLEDGED' when the event acknowledges the ticket — the same events that stop its response clock
 * (outage ACK; security CONFIRM or DISMISS) — else null.
 */
export function escalationCommandForTicketEvent(facts: {
  kind: TicketKind;
  eventType: string;
}): 'ACKNOWLEDGED' | null {
  return isResponseEvent(facts.kind, facts.eventType) ? 'ACKNOWLEDGED' : null;
}
