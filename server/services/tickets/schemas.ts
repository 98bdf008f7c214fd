// Zod schemas shared by the tRPC routers, the services and the react-hook-form forms. Drizzle-free.
import { z } from 'zod';
import {
  COMMENT_VISIBILITIES,
  DISMISS_RESOLUTIONS,
  HOLD_REASONS,
  IMPACTS,
  OUTAGE_CAUSES,
  PRIORITIES,
  parseTicketNumber,
  RESOLUTION_SUMMARY_MAX,
  SEVERITIES,
  TICKET_KINDS,
  TICKET_LINK_TYPES,
  TICKET_NUMBER_PATTERN,
  TICKET_STATUSES,
  TLP_LEVELS,
  URGENCIES,
} from '../../../workflows/tickets/constants';
import { priorityFor } from '../../../workflows/tickets/priority';
import { CLOCK_FILTERS, MAX_DUE_WITHIN_MINUTES, TICKET_SORTS } from '../../../workflows/tickets/queues';
import { INT4_MAX, lineText, storableText } from '../kernel/schema-parts';

// The shared text rules (schema-parts.ts), re-exported for the schemas and forms that import them here.
export { lineText, storableText };

export const ticketTitle = lineText()
  .min(3, 'Give the ticket a title of at least 3 characters')
  .max(200, 'Keep the title under 200 characters');

export const createTicketInput = z
  .object({
    kind: z.enum(TICKET_KINDS).default('outage'),
    title: ticketTitle,
    description: storableText().max(20_000, 'Keep the description under 20,000 characters').default(''),
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

/** `OUT-1042` / `sec-77`; a number beyond what the database can hold names no ticket. */
export const ticketNumber = z
  .string()
  .trim()
  .superRefine((text, ctx) => {
    if (!TICKET_NUMBER_PATTERN.test(text))
      ctx.addIssue({ code: 'custom', message: 'A ticket number looks like OUT-1042' });
    else if (!parseTicketNumber(text)) ctx.addIssue({ code: 'custom', message: 'No ticket has this number' });
  });

export const ticketRef = z.union([z.object({ id: z.uuid() }), z.object({ number: ticketNumber })]);
export type TicketRef = z.input<typeof ticketRef>;

export const listTicketsInput = z.object({
  kind: z.enum(TICKET_KINDS).optional(),
  status: z.array(z.enum(TICKET_STATUSES)).max(20).optional(),
  /** Hide resolved and closed tickets (the default for queues). */
  openOnly: z.boolean().default(false),
  priority: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).optional(),
  /** The customer: the organisation that owns the ticket. */
  organisationId: z.uuid().optional(),
  /** An affected service. */
  serviceId: z.uuid().optional(),
  /** `me`: the caller's own tickets; `none`: unassigned ones; or one person's, by id. */
  assignee: z.union([z.enum(['me', 'none']), z.uuid()]).optional(),
  /** Tickets with a clock in this state (among the clocks the caller may see). */
  clock: z.enum(CLOCK_FILTERS).optional(),
  /** Tickets whose next SLA deadline is at most this many minutes away, or already past. */
  dueWithinMinutes: z.number().int().min(0).max(MAX_DUE_WITHIN_MINUTES).optional(),
  sort: z.enum(TICKET_SORTS).default('newest'),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: lineText().max(400).nullish(),
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;

/** tickets.count: a list's filters, without its sort and page. */
export const countTicketsInput = listTicketsInput.omit({ sort: true, limit: true, cursor: true });
export type CountTicketsInput = z.input<typeof countTicketsInput>;

export const ticketId = z.uuid('Unknown ticket');
/** The version the user loaded; a stale one answers CONFLICT instead of overwriting someone's change. */
export const expectedVersion = z.number().int().positive().max(INT4_MAX).optional();
export const longText = (what: string) =>
  storableText().min(1, `${what} cannot be empty`).max(20_000, `${what} is longer than 20,000 characters`);

/** Lifecycle events a person may send through tickets.transition (handoff events have their own verbs). */
export const lifecycleEventInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ACK') }),
  z.object({ type: z.literal('INVESTIGATE') }),
  z.object({ type: z.literal('IDENTIFY') }),
  z.object({ type: z.literal('FIX') }),
  z.object({
    type: z.literal('RESOLVE'),
    resolutionSummary: storableText()
      .min(1, 'Summarise what resolved the outage')
      .max(RESOLUTION_SUMMARY_MAX, 'Keep the resolution summary under 4,000 characters'),
    causeCategory: z.enum(OUTAGE_CAUSES, 'Choose the cause'),
  }),
  z.object({ type: z.literal('CLOSE'), lessonsLearned: longText('Lessons learned').optional() }),
  z.object({ type: z.literal('REOPEN') }),
  z.object({ type: z.literal('HOLD'), reason: z.enum(HOLD_REASONS, 'Choose why the ticket is on hold') }),
  z.object({ type: z.literal('RESUME') }),
  z.object({ type: z.literal('CONFIRM'), severity: z.enum(SEVERITIES).optional() }),
  z.object({ type: z.literal('DISMISS'), resolution: z.enum(DISMISS_RESOLUTIONS, 'Choose a resolution') }),
  z.object({ type: z.literal('CONTAIN') }),
  z.object({ type: z.literal('ERADICATE') }),
  z.object({ type: z.literal('RECOVER') }),
  z.object({ type: z.literal('REVIEW'), rootCause: longText('The root cause').optional() }),
]);
export type LifecycleEventInput = z.input<typeof lifecycleEventInput>;

export const transitionInput = z.object({
  id: ticketId,
  event: lifecycleEventInput,
  version: expectedVersion,
});
export type TransitionInput = z.input<typeof transitionInput>;

export const assignInput = z.object({
  id: ticketId,
  assigneeId: z.uuid().nullable(),
  version: expectedVersion,
});
export type AssignInput = z.input<typeof assignInput>;

export const commentInput = z.object({
  id: ticketId,
  body: longText('A comment'),
  visibility: z.enum(COMMENT_VISIBILITIES).default('internal'),
});
export type CommentInput = z.input<typeof commentInput>;

export const setPriorityInput = z
  .object({
    id: ticketId,
    impact: z.enum(IMPACTS),
    urgency: z.enum(URGENCIES),
    /** Only to override the matrix; then a reason is required. */
    priority: z.enum(PRIORITIES).optional(),
    reason: storableText().max(2_000).optional(),
    version: expectedVersion,
  })
  .refine(
    (v) => v.priority === undefined || (v.reason?.length ?? 0) > 0 || v.priority === matrixPriority(v),
    {
      message: 'Say why the priority differs from impact × urgency',
      path: ['reason'],
    },
  );
export type SetPriorityInput = z.input<typeof setPriorityInput>;

function matrixPriority(v: { impact: (typeof IMPACTS)[number]; urgency: (typeof URGENCIES)[number] }) {
  return priorityFor(v.impact, v.urgency);
}

export const linkInput = z.object({
  id: ticketId,
  target: ticketRef,
  type: z.enum(TICKET_LINK_TYPES).exclude(['handoff']),
});
export type LinkInput = z.input<typeof linkInput>;

export const ticketIdInput = z.object({ id: ticketId });
export type TicketIdInput = z.input<typeof ticketIdInput>;
