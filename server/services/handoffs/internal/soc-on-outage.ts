import type { Ticket } from '../../../../db/schema';
import type { LifecycleEvent } from '../../../../workflows/machines';
import { roleHas } from '../../../auth/permissions';
import type { NewTicketEvent } from '../../kernel/chain';
import type { ServiceContext } from '../../kernel/context';
import { changeTicket } from '../../kernel/engine';
import { badRequest, forbidden } from '../../kernel/errors';
import { decideLifecycleEvent } from '../../tickets/transition';

/**
 * A SOC command on an outage's security region (preserve-evidence hold, cleared). The SOC does not work
 * outages, so these are authorised by the right to work security incidents, not by the outage's rules.
 */
export function socOnOutage(
  ctx: ServiceContext,
  outageId: string,
  event: LifecycleEvent,
  extra: (outage: Ticket) => NewTicketEvent,
) {
  return changeTicket(ctx, {
    ticketId: outageId,
    authorize: (ticket) => {
      if (ctx.actor.type === 'user' && !roleHas(ctx.actor.role, 'security.work'))
        throw forbidden('Only the SOC can do this');
      if (ticket.kind !== 'outage') throw badRequest('This applies to outages only');
    },
    prefetch: { sla: true },
    decide: (outage, now, prefetched) => {
      const lifecycle = decideLifecycleEvent(ctx.actor, outage, now, event, prefetched);
      return {
        set: lifecycle.set,
        effects: lifecycle.effects,
        events: [...lifecycle.events, extra(outage)],
        result: { securityLink: lifecycle.set?.securityLink ?? outage.securityLink },
      };
    },
  });
}
