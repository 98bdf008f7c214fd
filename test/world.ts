import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { organisations, services, users } from '../db/schema';
import type { ServiceContext, UserActor } from '../server/services/kernel/context';
import { seedIfEmpty } from '../server/services/seed/seed';

/** A controllable clock: tests move time explicitly instead of sleeping. */
export function testClock(start = '2026-11-02T09:00:00.000Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

export type DemoEmail =
  | 'admin@watchfloor.test'
  | 'manager@watchfloor.test'
  | 'noc@watchfloor.test'
  | 'soc@watchfloor.test'
  | 'customer@acme.test'
  | 'customer@globex.test';

/**
 * The demo world (the real seed, demo tickets included) with helpers to act as any demo user.
 */
export async function demoWorld(db: Database, clock = testClock(), options: { sla?: boolean } = {}) {
  await seedIfEmpty(db, { demo: true, now: clock.now });
  // Lifecycle tests assert exact audit trails; SLA clocks (with their own events) only where a test asks.
  if (!options.sla) await db.update(organisations).set({ slaPolicyId: null });
  const orgRows = await db.select().from(organisations);
  const org = (slug: string) => orgRows.find((o) => o.slug === slug)!;
  const serviceRows = await db.select().from(services);
  const service = (orgSlug: string, slug: string) =>
    serviceRows.find((s) => s.slug === slug && s.organisationId === org(orgSlug).id)!;
  async function actor(email: DemoEmail): Promise<UserActor> {
    const [u] = await db.select().from(users).where(eq(users.email, email));
    return { type: 'user', id: u!.id, email: u!.email, role: u!.role, organisationId: u!.organisationId };
  }
  async function as(email: DemoEmail): Promise<ServiceContext> {
    return { db, now: clock.now, actor: await actor(email) };
  }
  const system: ServiceContext = { db, now: clock.now, actor: { type: 'system', label: 'test' } };
  return { clock, org, service, actor, as, system };
}

export type DemoWorld = Awaited<ReturnType<typeof demoWorld>>;
