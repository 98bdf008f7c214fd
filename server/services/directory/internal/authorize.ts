import { roleHas } from '../../../auth/permissions';
import type { Actor, UserActor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

/** Customers and their services are administered by admins (DESIGN §2.9), people not integrations. */
export function assertCustomerAdmin(actor: Actor): asserts actor is UserActor {
  if (actor.type !== 'user' || !roleHas(actor.role, 'admin.write'))
    throw forbidden('Only admins manage customers and services');
}
