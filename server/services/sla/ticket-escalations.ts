import { eq } from 'drizzle-orm';
import type { Transaction } from '../../../db/client';
import { escalationPolicies, ticketEscalations } from '../../../db/schema';
import {
  acknowledgeEscalation,
  type EscalationFacts,
  nextEscalationCheckAt,
  type PersistedEscalation,
  parseEscalationPolicy,
  readEscalation,
  startEscalation,
} from '../../../workflows/escalation';
import type { NewTicketEvent } from '../audit/append';
import { escalationFactsOf } from './escalation-facts';

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The ticket_escalations row that starts a new ticket's escalation, when its SLA policy names one. */
export async function planTicketEscalation(
  tx: Transaction,
  ticketId: string,
  escalationPolicyId: string | null,
  facts: EscalationFacts,
  now: Date,
): Promise<typeof ticketEscalations.$inferInsert | null> {
  if (!escalationPolicyId) return null;
  const [policy] = await tx
    .select()
    .from(escalationPolicies)
    .where(eq(escalationPolicies.id, escalationPolicyId));
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
 * (a paused clock postpones a clock trigger). Returns the audit events.
 */
export async function refreshTicketEscalation(
  tx: Transaction,
  ticket: { id: string; createdAt: Date; acknowledgedAt: Date | null },
  acknowledged: boolean,
  now: Date,
): Promise<NewTicketEvent[]> {
  const [row] = await tx
    .select()
    .from(ticketEscalations)
    .where(eq(ticketEscalations.ticketId, ticket.id))
    .for('update');
  if (row?.state !== 'active') return [];
  let machine = row.machine as PersistedEscalation;
  const events: NewTicketEvent[] = [];
  if (acknowledged) {
    const result = acknowledgeEscalation(machine, now);
    if (result.ok && result.changed) {
      machine = result.persisted;
      events.push({ type: 'escalation.stopped', payload: { reason: 'acknowledged' } });
    }
  }
  const facts = await escalationFactsOf(tx, {
    ...ticket,
    acknowledgedAt: ticket.acknowledgedAt ?? (acknowledged ? now : null),
  });
  await tx
    .update(ticketEscalations)
    .set({
      machine,
      state: readEscalation(machine).state,
      nextCheckAt: at(nextEscalationCheckAt(machine, facts)),
      updatedAt: now,
    })
    .where(eq(ticketEscalations.ticketId, ticket.id));
  return events;
}
