import { roleHas } from '../../../auth/permissions';
import type { Actor } from '../../kernel/context';
import { forbidden } from '../../kernel/errors';

// Integrations are the admins' (DESIGN §2.9): admins change them, managers read them, nobody else sees
// them (a NOC engineer, a SOC analyst or a customer is refused).

export function assertWebhookRead(actor: Actor): void {
  if (actor.type === 'integration') throw forbidden();
  if (actor.type === 'user' && !roleHas(actor.role, 'admin.read')) throw forbidden();
}

export function assertWebhookWrite(actor: Actor): void {
  if (actor.type === 'integration') throw forbidden();
  if (actor.type === 'user' && !roleHas(actor.role, 'admin.write'))
    throw forbidden('Only admins manage webhooks');
}
