import { eq } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, notifyTicketChanged } from '../kernel/engine';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { notifyForEvent } from '../notifications/internal/notify';
import { assertMayWork } from '../tickets/internal/permissions';
import { heldIncidents } from './evidence-holds';
import { type AskForNocActionInput, askForNocActionInput } from './schemas';

/**
 * correlation.askForNocAction: instead of remediating an outage whose alerts name systems of an incident
 * that preserves evidence, whoever works the outage asks the SOC to say what may be done — as a NOC action
 * request (nocActions.request), which the SOC then makes on this outage. Recorded on both timelines; the
 * incident's assignee (else the SOC) is told, under the notifications' need-to-know rule.
 *
 * Only an incident this outage's warning shows may be named: any other answers NOT_FOUND, so the verb
 * cannot be used to probe which incidents exist.
 */
export async function askForNocAction(ctx: ServiceContext, rawInput: AskForNocActionInput) {
  const input = parseInput(askForNocActionInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.outageId,
    authorize: (outage) => {
      assertMayWork(ctx.actor, outage);
      if (outage.kind !== 'outage') throw badRequest('This applies to outages only');
    },
    // The outage first, then the incident: the lock order of every command that touches both.
    load: async (tx, outage) => {
      const held = await heldIncidents(tx, outage.id);
      if (!held.some((h) => h.id === input.incidentId)) return { incident: undefined };
      const [incident] = await tx
        .select()
        .from(tickets)
        .where(eq(tickets.id, input.incidentId))
        .for('update');
      return { incident };
    },
    decide: (outage, _now, { loaded: { incident } }) => {
      if (!incident) throw notFound('Security incident');
      const outageNumber = formatTicketNumber(outage.kind, outage.number);
      const incidentNumber = formatTicketNumber('security', incident.number);
      return {
        // The outage's timeline names the incident by number only: the stub its warning shows.
        events: [
          {
            type: 'correlation.noc_action_asked',
            payload: { incident: incidentNumber, details: input.details },
          },
        ],
        side: {
          incident: {
            ticketId: incident.id,
            head: { seq: incident.eventSeq, hash: incident.eventHash },
            events: [
              {
                type: 'correlation.noc_action_asked',
                payload: { outage: outageNumber, details: input.details },
              },
            ],
          },
          incidentVersion: incident.version,
          note: {
            ticket: incident,
            to: incident.assigneeId ? { users: [incident.assigneeId] } : { roles: ['soc_analyst' as const] },
            // One note per command: the outage's chain head is unique to it, and a retry repeats it.
            dedupKey: `correlation:ask:${outage.id}:${outage.eventSeq}`,
            kind: 'correlation.noc_action_asked',
            title: `${incidentNumber}: ${outageNumber} asks for a NOC action request before remediating`,
            body: input.details,
          },
        },
        result: {},
      };
    },
    apply: async (tx, { side }, _outage, now) => {
      const skipped = await notifyForEvent(tx, side.note, now);
      await appendEvents(tx, ctx.actor, now, side.incident, [
        { ...side.incident.events[0]!, payload: { ...side.incident.events[0]!.payload, ...skipped } },
      ]);
      await notifyTicketChanged(tx, side.incident.ticketId, side.incidentVersion);
      return {};
    },
  });
}
