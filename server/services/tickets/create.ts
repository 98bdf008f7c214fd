import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import {
  organisations,
  services,
  slaClocks,
  ticketEscalations,
  ticketEvents,
  ticketServices,
  tickets,
} from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { startLifecycle } from '../../../workflows/machines';
import { formatTicketNumber, type TicketKind, type TicketSource } from '../../../workflows/tickets/constants';
import { priorityFor } from '../../../workflows/tickets/priority';
import { roleHas } from '../../auth/permissions';
import { chainEvents, EMPTY_CHAIN } from '../audit/append';
import type { Actor, ServiceContext } from '../context';
import { badRequest, forbidden } from '../errors';
import { parseInput } from '../parse';
import { planTicketClocks } from '../sla/ticket-clocks';
import { planTicketEscalation } from '../sla/ticket-escalations';
import { notifyTicketChanged } from './engine';
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

export async function createTicket(
  ctx: ServiceContext,
  rawInput: CreateTicketInput,
  options: { source?: TicketSource; dedupKey?: string } = {},
): Promise<CreatedTicket> {
  const input = parseInput(createTicketInput, rawInput);
  const defaultSource = authorizeCreate(ctx.actor, input.kind, input.organisationId);
  const now = ctx.now();
  const lifecycle = startLifecycle(input.kind, { severity: input.severity });
  const priority = priorityFor(input.impact, input.urgency);

  return ctx.db.transaction(async (tx) => {
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
        .where(inArray(services.id, serviceIds));
      const customerOutside =
        ctx.actor.type === 'user' &&
        ctx.actor.role === 'customer' &&
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
    const created = chainEvents(id, EMPTY_CHAIN, ctx.actor, now, [
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
    ]);
    await tx.insert(tickets).values({
      id,
      eventSeq: created.head.seq,
      eventHash: created.head.hash,
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
      source: options.source ?? defaultSource,
      dedupKey: options.dedupKey ?? null,
      createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      severity: input.severity ?? null,
      tlp: input.kind === 'security' ? (input.tlp ?? 'AMBER') : null,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(ticketEvents).values(created.rows);
    if (clocks.rows.length) await tx.insert(slaClocks).values(clocks.rows);
    const escalation = await planTicketEscalation(
      tx,
      id,
      clocks.escalationPolicyId,
      { ...clocks.facts, createdAt: now },
      now,
    );
    if (escalation) await tx.insert(ticketEscalations).values(escalation);
    if (serviceIds.length) {
      await tx.insert(ticketServices).values(serviceIds.map((serviceId) => ({ ticketId: id, serviceId })));
    }
    await notifyTicketChanged(tx, id, 1);
    return { id, number: formatTicketNumber(input.kind, number) };
  });
}
