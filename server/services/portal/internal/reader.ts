import type { Actor, UserActor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

/**
 * The portal is read by people: customers (their own organisation), and staff, who get the same public
 * view (to see what the customer sees). Integrations and the system have no portal.
 */
export function portalReader(actor: Actor): UserActor {
  if (actor.type !== 'user') throw forbidden('The portal is for signed-in people');
  return actor;
}
