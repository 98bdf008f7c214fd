import { eq } from 'drizzle-orm';
import { services } from '../../../../db/schema';
import { recordAudit } from '../../kernel/audit-log';
import type { ServiceContext } from '../../kernel/context';
import { notFound } from '../../kernel/errors';
import { parseInput } from '../../kernel/parse';
import { type ServiceRefInput, serviceRefInput } from '../schemas';
import { assertCustomerAdmin } from './authorize';

/**
 * Retires (`retired: true`) or restores a service, audited, under the service row's lock. Doing what is
 * already done changes nothing and records nothing.
 */
export async function setServiceRetired(
  ctx: ServiceContext,
  rawInput: ServiceRefInput,
  retired: boolean,
): Promise<{ changed: boolean }> {
  const actor = ctx.actor;
  assertCustomerAdmin(actor);
  const input = parseInput(serviceRefInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [service] = await tx.select().from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!service) throw notFound('Service');
    if ((service.retiredAt !== null) === retired) return { changed: false };
    await tx
      .update(services)
      .set({ retiredAt: retired ? ctx.now() : null })
      .where(eq(services.id, service.id));
    await recordAudit(tx, actor, ctx.now(), [
      {
        type: retired ? 'service.retired' : 'service.restored',
        subject: `service:${service.id}`,
        payload: { organisationId: service.organisationId, slug: service.slug, name: service.name },
      },
    ]);
    return { changed: true };
  });
}
