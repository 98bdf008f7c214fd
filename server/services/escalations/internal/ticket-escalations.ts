import type { escalationPolicies, ticketEscalations } from '../../../../db/schema';
import {
  acknowledgeEscalation,
  type EscalationFacts,
  nextEscalationCheckAt,
  parseEscalationPolicy,
  readEscalation,
  startEscalation,
} from '../../../../workflows/escalation';
import type { NewTicketEvent } from '../../kernel/chain';
import type { EscalationEffect } from '../../kernel/effects';
import type { LoadedClock, LoadedEscalation } from '../../sla/internal/ticket-sla';
import { factsFrom } from './facts';

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The ticket_escalations row that starts a new ticket's escalation, when its SLA policy names one. */
export function planTicketEscalation(
  ticketId: string,
  policy: Pick<typeof escalationPolicies.$inferSelect, 'id' | 'levels' | 'repeat'> | null | undefined,
  facts: EscalationFacts,
  now: Date,
): typeof ticketEscalations.$inferInsert | null {
  if (!policy) return null;
  const machine = startEscalation({
    policy: parseEscalationPolicy({ levels: policy.levels, repeat: policy.repeat }),
    startedAt: now,
  });
  return {
    ticketId,
    policyId: policy.id,
    machine,
    state: readEscalation(machine).state,
    nextCheckAt: at(nextEscalationCheckAt(machine, facts)),
    updatedAt: now,
  };
}

/**
 * After a transition: acknowledging stops the escalation; otherwise its next check follows the clocks
 * (a paused clock postpones a clock trigger). Worked out on the escalation and the clocks as the
 * transition leaves them; returns the audit events and the write for the command's write statement.
 */
export function planEscalationRefresh(
  escalation: LoadedEscalation | null,
  clocks: LoadedClock[],
  ticket: { id: string; createdAt: Date; acknowledgedAt: Date | null },
  acknowledged: boolean,
  now: Date,
): { events: NewTicketEvent[]; effect: EscalationEffect | null } {
  if (escalation?.state !== 'active') return { events: [], effect: null };
  let machine = escalation.machine;
  const events: NewTicketEvent[] = [];
  if (acknowledged) {
    const result = acknowledgeEscalation(machine, now);
    if (result.ok && result.changed) {
      machine = result.persisted;
      events.push({ type: 'escalation.stopped', payload: { reason: 'acknowledged' } });
    }
  }
  const facts = factsFrom(
    { ...ticket, acknowledgedAt: ticket.acknowledgedAt ?? (acknowledged ? now : null) },
    clocks,
  );
  const effect: EscalationEffect = {
    set: {
      machine,
      state: readEscalation(machine).state,
      nextCheckAt: at(nextEscalationCheckAt(machine, facts)),
    },
  };
  return { events, effect };
}
