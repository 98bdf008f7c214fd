import { eq } from 'drizzle-orm';
import { services } from '../../../db/schema';
import { recordAudit } from '../kernel/audit-log';
import type { ServiceContext } from '../kernel/context';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertCustomerAdmin } from './internal/authorize';
import { type ServiceRefInput, serviceRefInput } from './schemas';

/**
 * directory.retireService (admins): the service leaves the status page and the pickers, and new tickets
 * can no longer name it; the tickets and history that name it keep it. Retiring twice changes nothing.
 */
export async function retireService(
  ctx: ServiceContext,
  rawInput: ServiceRefInput,
): Promise<{ changed: boolean }> {
  const actor = ctx.actor;
  assertCustomerAdmin(actor);
  const input = parseInput(serviceRefInput, rawInput);
  return ctx.db.transaction(async (tx) => {
    const [service] = await tx.select().from(services).where(eq(services.id, input.serviceId)).for('update');
    if (!service) throw notFound('Service');
    if (service.retiredAt) return { changed: false };
    await tx.update(services).set({ retiredAt: ctx.now() }).where(eq(services.id, service.id));
    await recordAudit(tx, actor, ctx.now(), [
      {
        type: 'service.retired',
        subject: `service:${service.id}`,
        payload: { organisationId: service.organisationId, slug: service.slug, name: service.name },
      },
    ]);
    return { changed: true };
  });
}
