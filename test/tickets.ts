// Helpers for the ticket service tests (not a test file itself).
import { asc, count, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '../db/client';
import { type Ticket, type TicketEvent, ticketEvents, ticketLinks, tickets } from '../db/schema';
import type { ServiceContext } from '../server/services/kernel/context';
import { ServiceError } from '../server/services/kernel/errors';
import { createTicket } from '../server/services/tickets/create';
import type { CreateTicketInput, LifecycleEventInput } from '../server/services/tickets/schemas';
import { transitionTicket } from '../server/services/tickets/transition';
import type { DemoEmail, DemoWorld } from './world';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

/** Settles a service call; anything but a ServiceError is a bug and fails the test. */
export async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    return { ok: false, error };
  }
}

export async function expectServiceError(
  promise: Promise<unknown>,
  code: ServiceError['code'],
  message?: string | RegExp,
): Promise<ServiceError> {
  const outcome = await settle(promise);
  if (outcome.ok)
    throw new Error(`expected ${code}, but the call succeeded: ${JSON.stringify(outcome.value)}`);
  expect(outcome.error.code, outcome.error.message).toBe(code);
  if (typeof message === 'string') expect(outcome.error.message).toContain(message);
  else if (message) expect(outcome.error.message).toMatch(message);
  return outcome.error;
}

class RollBack extends Error {}

/**
 * Runs `fn` against a transaction that is always rolled back, so a command can be tried on a situation
 * without changing it. Services nest their own transaction inside as a savepoint.
 */
export async function tryRolledBack<T>(db: Database, fn: (db: Database) => Promise<T>): Promise<Outcome<T>> {
  let outcome: Outcome<T> | undefined;
  try {
    await db.transaction(async (tx) => {
      outcome = await settle(fn(tx as unknown as Database));
      throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return outcome!;
}

export async function ticketRow(db: Database, id: string): Promise<Ticket> {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
  if (!row) throw new Error(`no ticket ${id}`);
  return row;
}

export async function eventsOf(db: Database, ticketId: string): Promise<TicketEvent[]> {
  return db
    .select()
    .from(ticketEvents)
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.seq));
}

/** Everything a ticket command could write anywhere; equal before and after means nothing was written. */
export async function databaseFootprint(db: Database) {
  const [events] = await db.select({ n: count() }).from(ticketEvents);
  const [links] = await db.select({ n: count() }).from(ticketLinks);
  const rows = await db.select().from(tickets).orderBy(asc(tickets.id));
  return { events: events!.n, links: links!.n, tickets: rows };
}

export function outageInput(world: DemoWorld, overrides: Partial<CreateTicketInput> = {}): CreateTicketInput {
  return {
    title: 'Edge router dropping BGP sessions',
    description: 'Sessions to AS3356 flap every 90 s',
    organisationId: world.org('acme').id,
    serviceIds: [world.service('acme', 'website').id],
    impact: 'high',
    urgency: 'medium',
    ...overrides,
  };
}

export function incidentInput(
  world: DemoWorld,
  overrides: Partial<CreateTicketInput> = {},
): CreateTicketInput {
  return {
    kind: 'security',
    title: 'Impossible travel for finance admin',
    description: 'Logins from Lagos and Oslo 4 minutes apart',
    organisationId: world.org('acme').id,
    impact: 'medium',
    urgency: 'high',
    severity: 'high',
    ...overrides,
  };
}

/** RESOLVE with what it needs: a resolution summary and a cause. */
export const RESOLVE = {
  type: 'RESOLVE',
  resolutionSummary: 'Failed over to the standby and confirmed recovery.',
  causeCategory: 'hardware',
} as const satisfies LifecycleEventInput;

/** The shortest way (admin's) from `new` to each outage status. */
export const OUTAGE_ROUTES: Record<string, LifecycleEventInput[]> = {
  new: [],
  acknowledged: [{ type: 'ACK' }],
  investigating: [{ type: 'ACK' }, { type: 'INVESTIGATE' }],
  identified: [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' }],
  monitoring: [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' }, { type: 'FIX' }],
  resolved: [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' }, { type: 'FIX' }, RESOLVE],
  closed: [
    { type: 'ACK' },
    { type: 'INVESTIGATE' },
    { type: 'IDENTIFY' },
    { type: 'FIX' },
    RESOLVE,
    { type: 'CLOSE' },
  ],
  on_hold: [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'HOLD', reason: 'vendor' }],
};

/** The same for security incidents created with a severity; `dismissed` ends closed through DISMISS. */
export const SECURITY_ROUTES: Record<string, LifecycleEventInput[]> = {
  triage: [],
  investigating: [{ type: 'CONFIRM' }],
  containment: [{ type: 'CONFIRM' }, { type: 'CONTAIN' }],
  eradication: [{ type: 'CONFIRM' }, { type: 'CONTAIN' }, { type: 'ERADICATE' }],
  recovery: [{ type: 'CONFIRM' }, { type: 'CONTAIN' }, { type: 'ERADICATE' }, { type: 'RECOVER' }],
  post_incident: [
    { type: 'CONFIRM' },
    { type: 'CONTAIN' },
    { type: 'ERADICATE' },
    { type: 'RECOVER' },
    { type: 'REVIEW', rootCause: 'Password reused from a breached site' },
  ],
  closed: [
    { type: 'CONFIRM' },
    { type: 'CONTAIN' },
    { type: 'ERADICATE' },
    { type: 'RECOVER' },
    { type: 'REVIEW', rootCause: 'Password reused from a breached site' },
    { type: 'CLOSE', lessonsLearned: 'Enforce phishing-resistant MFA for admins' },
  ],
  dismissed: [{ type: 'DISMISS', resolution: 'false_positive' }],
};

/** Sends events one after another, each against the version the previous one returned. */
export async function drive(ctx: ServiceContext, id: string, events: readonly LifecycleEventInput[]) {
  let version = (await ticketRow(ctx.db, id)).version;
  for (const event of events) ({ version } = await transitionTicket(ctx, { id, event, version }));
  return version;
}

/** A new ticket driven to a status by the admin. */
export async function ticketIn(
  world: DemoWorld,
  kind: 'outage' | 'security',
  status: string,
  overrides: Partial<CreateTicketInput> = {},
) {
  const admin = await world.as('admin@watchfloor.test');
  const input = kind === 'outage' ? outageInput(world, overrides) : incidentInput(world, overrides);
  const created = await createTicket(admin, input);
  const route = (kind === 'outage' ? OUTAGE_ROUTES : SECURITY_ROUTES)[status];
  if (!route) throw new Error(`no route to ${kind} ${status}`);
  await drive(admin, created.id, route);
  return created;
}

/** A demo user's id. */
export async function userId(world: DemoWorld, email: DemoEmail): Promise<string> {
  const actor = await world.actor(email);
  if (actor.type !== 'user') throw new Error(`${email} is not a user`);
  return actor.id;
}
