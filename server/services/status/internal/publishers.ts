import type { Ticket } from '../../../../db/schema';
import { roleHas } from '../../../auth/permissions';
import type { Actor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

/**
 * Who speaks for an outage in public (DESIGN §2.9, "create / work outages"): NOC engineers, managers and
 * admins, and the system (seed). SOC analysts only comment on outages; customers and integrations read.
 */
export function mayPublishUpdates(actor: Actor): boolean {
  if (actor.type === 'system') return true;
  return actor.type === 'user' && roleHas(actor.role, 'outage.work');
}

/** Visibility was checked before (NOT_FOUND); this is the right to publish on this ticket (FORBIDDEN). */
export function assertMayPublishUpdate(actor: Actor, ticket: Pick<Ticket, 'kind'>): void {
  // Security incidents reach the public only through the SOC's notice, whoever asks.
  if (ticket.kind !== 'outage')
    throw forbidden('Security incidents reach customers only through a published notice');
  if (!mayPublishUpdates(actor))
    throw forbidden('Only NOC engineers, managers and admins publish public updates');
}

/** Who schedules and runs maintenance windows: the same people (and the system, e.g. the scheduler). */
export function assertMayRunMaintenance(actor: Actor): void {
  if (!mayPublishUpdates(actor))
    throw forbidden('Only NOC engineers, managers and admins schedule maintenance');
}
