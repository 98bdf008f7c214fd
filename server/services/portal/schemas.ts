// Zod schemas of the customer portal's verbs, shared by the portal router, the services and the portal's
// forms. Drizzle-free: client components import this file.
import { z } from 'zod';
import { lineText } from '../kernel/schema-parts';
import { longText, ticketId, ticketRef } from '../tickets/schemas';

/** Which of the organisation's outages a portal list shows. */
export const PORTAL_STATUS_FILTERS = ['open', 'resolved', 'all'] as const;
export type PortalStatusFilter = (typeof PORTAL_STATUS_FILTERS)[number];

/** One outage, by number (`OUT-1042`, as in the portal's URLs) or by id. */
export const portalTicketInput = ticketRef;
export type PortalTicketInput = z.input<typeof portalTicketInput>;

export const listPortalTicketsInput = z.object({
  status: z.enum(PORTAL_STATUS_FILTERS).default('all'),
  /** An affected service of the caller's own organisation. */
  serviceId: z.uuid('Choose one of your services').optional(),
  /** Words of the title, or a ticket number (`OUT-1042` or `1042`). */
  text: lineText().max(200, 'Search with fewer than 200 characters').optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export type ListPortalTicketsInput = z.input<typeof listPortalTicketsInput>;

/** A customer's message on its own organisation's outage: always public (the conversation with support). */
export const portalCommentInput = z.object({ id: ticketId, body: longText('A comment') });
export type PortalCommentInput = z.input<typeof portalCommentInput>;
