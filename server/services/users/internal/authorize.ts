import { roleHas } from '../../../auth/permissions';
import type { Actor, UserActor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

/** Users are read by admins and managers (DESIGN §2.9: "policies, calendars, users…: admin ✓, manager read"). */
export function assertUserReader(actor: Actor): void {
  if (actor.type !== 'user' || !roleHas(actor.role, 'admin.read'))
    throw forbidden('Only admins and managers see user accounts');
}

/** …and changed by admins only. */
export function assertUserAdmin(actor: Actor): void {
  if (actor.type !== 'user' || !roleHas(actor.role, 'admin.write'))
    throw forbidden('Only admins manage users');
}

/** Verbs about one's own account need a signed-in person, not the system or an integration. */
export function assertPerson(actor: Actor): asserts actor is UserActor {
  if (actor.type !== 'user') throw forbidden('Only a signed-in person can do that');
}
