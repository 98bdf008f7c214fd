// The data a fault scenario starts from, made from the test process on the scenario's own database before
// the server starts: migrated, the demo world seeded (no history: it only costs time), and integrations
// created through the service, as an admin would, so their keys are known to the scenario.

import { eq } from 'drizzle-orm';
import { type DatabaseHandle, fromPostgres } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { organisations, services, users } from '../../db/schema';
import { type CreatedIntegration, createIntegration } from '../../server/services/integrations/create';
import type { CreateIntegrationInput } from '../../server/services/integrations/schemas';
import { systemClock } from '../../server/services/kernel/context';
import { DEMO_PASSWORD } from '../../server/services/seed/demo-data';
import { seedIfEmpty } from '../../server/services/seed/seed';
import { RATE_LIMIT_MAX_PER_MINUTE } from '../../workflows/integrations/constants';

export const DEMO_ADMIN = { email: 'admin@watchfloor.test', password: DEMO_PASSWORD };

export interface FaultWorld {
  handle: DatabaseHandle;
  /** Creates an integration of the demo customer `globex` on its first service, as the demo admin. */
  integration(
    kind: CreateIntegrationInput['kind'],
    name: string,
    extra?: Partial<CreateIntegrationInput>,
  ): Promise<CreatedIntegration>;
}

/** Migrates and seeds the database at `url`; the handle (a small pool) is the scenario's to close. */
export async function prepareWorld(url: string): Promise<FaultWorld> {
  const handle = fromPostgres(url, 4);
  try {
    await migrateDatabase(handle);
    await seedIfEmpty(handle.db, { demo: true, history: false, now: systemClock });
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  const { db } = handle;
  return {
    handle,
    async integration(kind, name, extra = {}) {
      const [admin] = await db.select().from(users).where(eq(users.email, DEMO_ADMIN.email));
      const [org] = await db.select().from(organisations).where(eq(organisations.slug, 'globex'));
      const [service] = await db.select().from(services).where(eq(services.organisationId, org!.id)).limit(1);
      const actor = {
        type: 'user' as const,
        id: admin!.id,
        email: admin!.email,
        role: admin!.role,
        organisationId: admin!.organisationId,
      };
      return createIntegration(
        { db, now: systemClock, actor },
        {
          organisationId: org!.id,
          defaultServiceId: service!.id,
          kind,
          name,
          // No per-key rate limit in the way: the scenario measures crashes, not the limiter.
          rateLimitPerMinute: RATE_LIMIT_MAX_PER_MINUTE,
          ...extra,
        },
      );
    },
  };
}
