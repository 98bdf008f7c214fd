import { roleHas } from '../../auth/permissions';
import type { Actor } from './context';
import { forbidden } from './errors';

/** Policies, calendars and escalation policies: admins write, managers read (DESIGN §2.9). */
export function assertAdminRead(actor: Actor): void {
  if (actor.type === 'user' && !roleHas(actor.role, 'admin.read')) throw forbidden();
  if (actor.type === 'integration') throw forbidden();
}

export function assertAdminWrite(actor: Actor): void {
  if (actor.type === 'user' && !roleHas(actor.role, 'admin.write'))
    throw forbidden('Only admins change SLA settings');
  if (actor.type === 'integration') throw forbidden();
}
