// Zod schemas shared by the tRPC routers, the services and the react-hook-form forms. Drizzle-free.
import { z } from 'zod';
import {
  IMPACTS,
  SEVERITIES,
  TICKET_KINDS,
  TICKET_STATUSES,
  TLP_LEVELS,
  URGENCIES,
} from '../../../workflows/tickets/constants';

export const ticketTitle = z
  .string()
  .trim()
  .min(3, 'Give the ticket a title of at least 3 characters')
  .max(200, 'Keep the title under 200 characters');

export const createTicketInput = z
  .object({
    kind: z.enum(TICKET_KINDS).default('outage'),
    title: ticketTitle,
    description: z.string().trim().max(20_000, 'Keep the description under 20,000 characters').default(''),
    organisationId: z.uuid('Choose a customer'),
    serviceIds: z.array(z.uuid()).max(100, 'At most 100 affected services').default([]),
    impact: z.enum(IMPACTS, 'Choose the impact'),
    urgency: z.enum(URGENCIES, 'Choose the urgency'),
    severity: z.enum(SEVERITIES).optional(),
    tlp: z.enum(TLP_LEVELS).optional(),
  })
  .refine((v) => v.kind === 'security' || (v.severity === undefined && v.tlp === undefined), {
    message: 'Severity and TLP apply to security incidents only',
    path: ['severity'],
  });
export type CreateTicketInput = z.input<typeof createTicketInput>;

export const ticketRef = z.union([
  z.object({ id: z.uuid() }),
  z.object({
    number: z
      .string()
      .trim()
      .regex(/^(OUT|SEC)-[1-9]\d{0,9}$/i, 'A ticket number looks like OUT-1042'),
  }),
]);
export type TicketRef = z.input<typeof ticketRef>;

export const listTicketsInput = z.object({
  kind: z.enum(TICKET_KINDS).optional(),
  status: z.array(z.enum(TICKET_STATUSES)).max(20).optional(),
  /** Hide resolved and closed tickets (the default for queues). */
  openOnly: z.boolean().default(false),
  organisationId: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).nullish(),
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;
