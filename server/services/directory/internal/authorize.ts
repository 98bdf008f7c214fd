import { roleHas } from '../../../auth/permissions';
import type { Actor, UserActor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

/** Customers, their contracts and services are read by admins and managers (DESIGN §2.9), people only. */
export function assertCustomerReader(actor: Actor): asserts actor is UserActor {
  if (actor.type !== 'user' || !roleHas(actor.role, 'admin.read'))
    throw forbidden('Only admins and managers see customer accounts');
}

/** …and administered by admins only. */
export function assertCustomerAdmin(actor: Actor): asserts actor is UserActor {
  if (actor.type !== 'user' || !roleHas(actor.role, 'admin.write'))
    throw forbidden('Only admins manage customers and services');
}
