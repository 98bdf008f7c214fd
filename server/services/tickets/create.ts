import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Transaction } from '../../../db/client';
import { slaClocks, ticketEscalations, ticketServices, tickets } from '../../../db/schema';
import { type LifecycleView, startLifecycle, stepLifecycle } from '../../../workflows/machines';
import { formatTicketNumber, type TicketKind, type TicketSource } from '../../../workflows/tickets/constants';
import { priorityFor } from '../../../workflows/tickets/priority';
import { roleHas } from '../../auth/permissions';
import { planTicketEscalation } from '../escalations/internal/ticket-escalations';
import {
  appendEvents,
  type ChainedRow,
  type ChainHead,
  chainEvents,
  EMPTY_CHAIN,
  insertChainedRows,
  type NewTicketEvent,
} from '../kernel/chain';
import type { Actor, ServiceContext } from '../kernel/context';
import { badRequest, forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { PendingWrites } from '../kernel/pending-writes';
import { applyTicketClockEffects, planTicketClocks } from '../sla/internal/ticket-clocks';
import { loadCreationContext } from './internal/creation-context';
import { type CreateTicketInput, createTicketInput } from './schemas';

export interface CreatedTicket {
  id: string;
  number: string;
}

function authorizeCreate(actor: Actor, kind: TicketKind, organisationId: string): TicketSource {
  if (actor.type === 'system') return 'manual';
  if (actor.type === 'integration') {
    if (actor.organisationId !== organisationId)
      throw forbidden('This integration routes to another organisation');
    return 'manual';
  }
  if (actor.role === 'customer') {
    if (kind !== 'outage' || actor.organisationId !== organisationId) throw forbidden();
    return 'portal';
  }
  if (!roleHas(actor.role, kind === 'outage' ? 'outage.create' : 'security.work')) throw forbidden();
  return 'manual';
}

export interface InsertTicketOptions {
  source?: TicketSource;
  dedupKey?: string;
  /**
   * Security incidents only: start confirmed, in `investigating` (an accepted handoff is already
   * triaged), with the response clock met at creation.
   */
  confirmed?: boolean;
  /** Further events for the new ticket's chain, after its creation (e.g. the handoff's context). */
  events?: NewTicketEvent[];
}

export async function createTicket(
  ctx: ServiceContext,
  rawInput: CreateTicketInput,
  options: Omit<InsertTicketOptions, 'confirmed' | 'events'> = {},
): Promise<CreatedTicket> {
  const input = parseInput(createTicketInput, rawInput);
  const source = options.source ?? authorizeCreate(ctx.actor, input.kind, input.organisationId);
  return ctx.db.transaction((tx) => insertTicket(tx, ctx.actor, input, ctx.now(), { ...options, source }));
}

/** Creates a ticket inside the caller's transaction; the caller has parsed the input and authorised. */
export async function insertTicket(
  tx: Transaction,
  actor: Actor,
  input: z.output<typeof createTicketInput>,
  now: Date,
  options: InsertTicketOptions = {},
): Promise<CreatedTicket> {
  const [created] = await insertTickets(tx, actor, [{ input, options }], now);
  return created!;
}

export interface NewTicket {
  input: z.output<typeof createTicketInput>;
  options?: InsertTicketOptions;
}

/**
 * Creates tickets inside the caller's transaction, in a batch (a storm of new alerts, issue #14): one
 * statement reads what every creation needs (creation-context.ts), the planning is pure, and one statement
 * writes every ticket with its clocks, escalation, services and first events (each chain hashed here, the
 * head written with the row) and announces them. With `pending`, that write joins the caller's other held
 * writes instead (kernel/pending-writes.ts); a confirmed incident's clock effects need its clocks written,
 * so a batch with one is written at once. Answers in the order given.
 */
export async function insertTickets(
  tx: Transaction,
  actor: Actor,
  items: readonly NewTicket[],
  now: Date,
  pending?: PendingWrites,
): Promise<CreatedTicket[]> {
  if (items.length === 0) return [];
  const context = await loadCreationContext(tx, {
    organisationIds: items.map((i) => i.input.organisationId),
    serviceIds: items.flatMap((i) => i.input.serviceIds),
    outages: items.filter((i) => i.input.kind === 'outage').length,
    securities: items.filter((i) => i.input.kind === 'security').length,
  });
  const writes = {
    tickets: [] as (typeof tickets.$inferInsert)[],
    clocks: [] as (typeof slaClocks.$inferInsert)[],
    escalations: [] as (typeof ticketEscalations.$inferInsert)[],
    services: [] as (typeof ticketServices.$inferInsert)[],
    events: [] as ChainedRow[],
  };
  const confirmed: { id: string; head: ChainHead; from: string; to: string; kind: TicketKind }[] = [];
  const created: CreatedTicket[] = [];
  let outages = 0;
  let securities = 0;
  for (const { input, options = {} } of items) {
    const started = startLifecycle(input.kind, { severity: input.severity });
    const lifecycle = options.confirmed ? confirm(started) : started;
    const priority = priorityFor(input.impact, input.urgency);
    if (!context.organisations.has(input.organisationId))
      throw badRequest('Invalid input', { organisationId: ['No such organisation'] });
    const serviceIds = [...new Set(input.serviceIds)];
    const customerOutside = actor.type === 'user' && actor.role === 'customer';
    if (
      serviceIds.some((serviceId) => {
        const organisationId = context.services.get(serviceId);
        // A retired service is named by old tickets only.
        return organisationId === undefined || (customerOutside && organisationId !== input.organisationId);
      })
    )
      throw badRequest('Invalid input', { serviceIds: ['One or more services do not exist'] });
    const number =
      input.kind === 'outage' ? context.numbers.outage[outages++]! : context.numbers.security[securities++]!;
    const id = randomUUID();
    const clocks = planTicketClocks(
      context.organisations.get(input.organisationId) ?? null,
      {
        id,
        kind: input.kind,
        organisationId: input.organisationId,
        priority,
        severity: input.severity ?? null,
      },
      now,
    );
    const createdEvents: NewTicketEvent[] = [
      {
        type: 'ticket.created',
        payload: {
          kind: input.kind,
          number: formatTicketNumber(input.kind, number),
          title: input.title,
          description: input.description,
          organisationId: input.organisationId,
          serviceIds,
          impact: input.impact,
          urgency: input.urgency,
          priority,
          status: lifecycle.status,
          severity: input.severity ?? null,
        },
      },
      ...clocks.events,
      ...(options.events ?? []),
    ];
    // The chain is hashed here and its head written with the row: the events follow in the same statement.
    const chained = chainEvents(id, EMPTY_CHAIN, actor, now, createdEvents);
    writes.tickets.push({
      id,
      eventSeq: chained.head.seq,
      eventHash: chained.head.hash,
      kind: input.kind,
      number,
      organisationId: input.organisationId,
      title: input.title,
      description: input.description,
      impact: input.impact,
      urgency: input.urgency,
      priority,
      status: lifecycle.status as typeof tickets.$inferInsert.status,
      securityLink: input.kind === 'outage' ? (lifecycle.securityLink ?? 'none') : null,
      lifecycle: lifecycle.persisted,
      source: options.source ?? 'manual',
      dedupKey: options.dedupKey ?? null,
      createdById: actor.type === 'user' ? actor.id : null,
      acknowledgedAt: options.confirmed ? now : null,
      severity: input.severity ?? null,
      tlp: input.kind === 'security' ? (input.tlp ?? 'AMBER') : null,
      createdAt: now,
      updatedAt: now,
    });
    writes.clocks.push(...clocks.rows);
    writes.events.push(...chained.rows);
    const escalation = planTicketEscalation(
      id,
      clocks.escalationPolicyId ? context.escalationPolicies.get(clocks.escalationPolicyId) : null,
      { ...clocks.facts, createdAt: now.getTime(), acknowledgedAt: options.confirmed ? now.getTime() : null },
      now,
    );
    if (escalation) writes.escalations.push(escalation);
    writes.services.push(...serviceIds.map((serviceId) => ({ ticketId: id, serviceId })));
    if (options.confirmed)
      confirmed.push({
        id,
        head: chained.head,
        kind: input.kind,
        from: started.status,
        to: lifecycle.status,
      });
    created.push({ id, number: formatTicketNumber(input.kind, number) });
  }
  const into = pending && confirmed.length === 0 ? pending : new PendingWrites();
  into.add(tx.insert(tickets).values(writes.tickets).getSQL());
  if (writes.clocks.length) into.add(tx.insert(slaClocks).values(writes.clocks).getSQL());
  if (writes.escalations.length) into.add(tx.insert(ticketEscalations).values(writes.escalations).getSQL());
  if (writes.services.length) into.add(tx.insert(ticketServices).values(writes.services).getSQL());
  into.add(insertChainedRows(writes.events));
  for (const ticket of created) into.announce(ticket.id, 1);
  if (into !== pending) await into.flush(tx);
  // Confirmed at birth: the response clock is met now (its events follow the creation on the chain).
  for (const c of confirmed) {
    const clockEvents = await applyTicketClockEffects(
      tx,
      c.id,
      { kind: c.kind, eventType: 'CONFIRM', from: c.from, to: c.to },
      now,
    );
    await appendEvents(tx, actor, now, { ticketId: c.id, head: c.head }, clockEvents);
  }
  return created;
}

function confirm(started: LifecycleView): LifecycleView {
  const step = stepLifecycle(started.persisted, { type: 'CONFIRM' });
  if (!step.ok) throw new Error(`a new security incident refused CONFIRM: ${step.message}`);
  return step.view;
}
