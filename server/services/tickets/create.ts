import { randomUUID } from 'node:crypto';
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Transaction } from '../../../db/client';
import {
  organisations,
  services,
  slaClocks,
  ticketEscalations,
  ticketServices,
  tickets,
} from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { type LifecycleView, startLifecycle, stepLifecycle } from '../../../workflows/machines';
import { formatTicketNumber, type TicketKind, type TicketSource } from '../../../workflows/tickets/constants';
import { priorityFor } from '../../../workflows/tickets/priority';
import { roleHas } from '../../auth/permissions';
import { planTicketEscalation } from '../escalations/internal/ticket-escalations';
import { appendEvents, EMPTY_CHAIN, type NewTicketEvent } from '../kernel/chain';
import type { Actor, ServiceContext } from '../kernel/context';
import { notifyTicketChanged } from '../kernel/engine';
import { badRequest, forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { applyTicketClockEffects, planTicketClocks } from '../sla/internal/ticket-clocks';
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
  const started = startLifecycle(input.kind, { severity: input.severity });
  const lifecycle = options.confirmed ? confirm(started) : started;
  const priority = priorityFor(input.impact, input.urgency);
  {
    const [organisation] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(sql`${organisations.id} = ${input.organisationId}`);
    if (!organisation) throw badRequest('Invalid input', { organisationId: ['No such organisation'] });

    const serviceIds = [...new Set(input.serviceIds)];
    if (serviceIds.length) {
      const found = await tx
        .select({ id: services.id, organisationId: services.organisationId })
        .from(services)
        // A retired service is named by old tickets only.
        .where(and(inArray(services.id, serviceIds), isNull(services.retiredAt)));
      const customerOutside =
        actor.type === 'user' &&
        actor.role === 'customer' &&
        found.some((s) => s.organisationId !== input.organisationId);
      if (found.length !== serviceIds.length || customerOutside) {
        throw badRequest('Invalid input', { serviceIds: ['One or more services do not exist'] });
      }
    }

    const sequence = input.kind === 'outage' ? 'outage_number_seq' : 'security_number_seq';
    const [numbered] = await queryRows<{ n: string | number }>(tx, sql`select nextval(${sequence}) as n`);
    const number = Number(numbered!.n);

    const id = randomUUID();
    const clocks = await planTicketClocks(
      tx,
      {
        id,
        kind: input.kind,
        organisationId: input.organisationId,
        priority,
        severity: input.severity ?? null,
      },
      now,
    );
    const confirmedClocks = options.confirmed
      ? { kind: input.kind, eventType: 'CONFIRM', from: started.status, to: lifecycle.status }
      : null;
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
    // The chain starts empty; the one append at the end brings every event of the creation and the head.
    await tx.insert(tickets).values({
      id,
      eventSeq: EMPTY_CHAIN.seq,
      eventHash: EMPTY_CHAIN.hash,
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
    if (clocks.rows.length) await tx.insert(slaClocks).values(clocks.rows);
    // Confirmed at birth: the response clock is met now (its events follow the creation on the chain).
    const clockEvents = confirmedClocks ? await applyTicketClockEffects(tx, id, confirmedClocks, now) : [];
    const escalation = await planTicketEscalation(
      tx,
      id,
      clocks.escalationPolicyId,
      { ...clocks.facts, createdAt: now.getTime(), acknowledgedAt: options.confirmed ? now.getTime() : null },
      now,
    );
    if (escalation) await tx.insert(ticketEscalations).values(escalation);
    if (serviceIds.length) {
      await tx.insert(ticketServices).values(serviceIds.map((serviceId) => ({ ticketId: id, serviceId })));
    }
    await appendEvents(tx, actor, now, { ticketId: id, head: EMPTY_CHAIN }, [
      ...createdEvents,
      ...clockEvents,
    ]);
    await notifyTicketChanged(tx, id, 1);
    return { id, number: formatTicketNumber(input.kind, number) };
  }
}

function confirm(started: LifecycleView): LifecycleView {
  const step = stepLifecycle(started.persisted, { type: 'CONFIRM' });
  if (!step.ok) throw new Error(`a new security incident refused CONFIRM: ${step.message}`);
  return step.view;
}
