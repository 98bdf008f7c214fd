// The console's queue views and how their filters live in the URL (search params), so a filtered queue
// survives a reload and can be shared. Pure: no React, no server; tested in queue-params.test.ts.
import { z } from 'zod';
import type { ListTicketsInput } from '@/server/services/tickets/schemas';
import {
  DONE_STATUSES,
  PRIORITIES,
  TICKET_KINDS,
  TICKET_STATUSES,
  type TicketStatus,
} from '@/workflows/tickets/constants';
import { BREACHING_SOON_MINUTES, CLOCK_FILTERS, TICKET_SORTS } from '@/workflows/tickets/queues';

export const QUEUE_VIEWS = ['noc', 'soc', 'mine', 'breaching', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** The URL's filter parameters, in the order the filter bar shows them. */
export const FILTERS = [
  'kind',
  'status',
  'priority',
  'customer',
  'service',
  'assignee',
  'clock',
  'due',
  'sort',
] as const;
export type Filter = (typeof FILTERS)[number];
export type FilterValues = Record<Filter, string>;

/** What a status filter offers besides single statuses: open (the default), done, any. */
export const STATUS_SCOPES = { open: 'Open', done: 'Resolved or closed', all: 'Any status' } as const;

/** "Next deadline within …" choices, in minutes. */
export const DUE_CHOICES: Record<string, string> = {
  '0': 'Already breached',
  '30': 'Within 30 min',
  [String(BREACHING_SOON_MINUTES)]: 'Within 1 h',
  '240': 'Within 4 h',
  '1440': 'Within 24 h',
};

interface ViewDefinition {
  title: string;
  /** Where the view lives (a /tickets view names itself in `?view=`). */
  href: string;
  /** Filters the view sets for good; the filter bar does not offer them. */
  fixed: Partial<FilterValues>;
  empty: string;
}

export const VIEW: Record<QueueView, ViewDefinition> = {
  noc: {
    title: 'NOC queue',
    href: '/noc',
    fixed: { kind: 'outage' },
    empty: 'No outages match. Quiet shift.',
  },
  soc: {
    title: 'Security incidents',
    href: '/soc',
    fixed: { kind: 'security' },
    empty: 'No incidents match.',
  },
  mine: {
    title: 'My work',
    href: '/tickets?view=mine',
    fixed: { assignee: 'me' },
    empty: 'Nothing is assigned to you. Take a ticket from a queue, or clear the filters.',
  },
  breaching: {
    title: 'Breaching soon',
    href: '/tickets?view=breaching',
    fixed: { due: String(BREACHING_SOON_MINUTES) },
    empty: 'No open ticket breaches within the hour.',
  },
  all: { title: 'All tickets', href: '/tickets', fixed: {}, empty: 'No tickets match these filters.' },
};

const DEFAULTS: FilterValues = {
  kind: '',
  status: 'open',
  priority: '',
  customer: '',
  service: '',
  assignee: '',
  clock: '',
  due: '',
  sort: 'urgency',
};

const STATUS_VALUE = z.union([
  z.enum(Object.keys(STATUS_SCOPES) as [keyof typeof STATUS_SCOPES]),
  z.enum(TICKET_STATUSES),
]);
const VALID: Record<Filter, z.ZodType<string>> = {
  kind: z.enum(TICKET_KINDS),
  status: STATUS_VALUE,
  priority: z.enum(PRIORITIES),
  customer: z.uuid(),
  service: z.uuid(),
  assignee: z.union([z.enum(['me', 'none']), z.uuid()]),
  clock: z.enum(CLOCK_FILTERS),
  due: z.enum(Object.keys(DUE_CHOICES) as [string, ...string[]]),
  sort: z.enum(TICKET_SORTS),
};

export type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The filters a URL asks for, on top of the view's fixed ones. A value the URL gets wrong (an edited or
 * stale link) is dropped for the default rather than answered with an error page.
 */
export function filterValues(view: QueueView, params: SearchParams): FilterValues {
  const values = { ...DEFAULTS };
  for (const name of FILTERS) {
    const given = first(params[name])?.trim();
    if (given !== undefined && given !== '' && VALID[name].safeParse(given).success) values[name] = given;
  }
  return { ...values, ...VIEW[view].fixed };
}

/** The list service's input for those filters (and the page the cursor names). */
export function listInput(values: FilterValues, cursor?: string): ListTicketsInput {
  const input: ListTicketsInput = { sort: values.sort as ListTicketsInput['sort'], limit: 50 };
  if (values.kind) input.kind = values.kind as ListTicketsInput['kind'];
  if (values.status === 'open') input.openOnly = true;
  else if (values.status === 'done') input.status = [...DONE_STATUSES];
  else if (values.status !== 'all') input.status = [values.status as TicketStatus];
  if (values.priority) input.priority = [values.priority as (typeof PRIORITIES)[number]];
  if (values.customer) input.organisationId = values.customer;
  if (values.service) input.serviceId = values.service;
  if (values.assignee) input.assignee = values.assignee;
  if (values.clock) input.clock = values.clock as ListTicketsInput['clock'];
  if (values.due) input.dueWithinMinutes = Number(values.due);
  if (cursor) input.cursor = cursor;
  return input;
}

/**
 * The URL of a view with these filters: only what differs from the defaults and from what the view fixes,
 * so the plain view has a plain URL.
 */
export function viewHref(view: QueueView, values: Partial<FilterValues>, cursor?: string | null): string {
  const [path, own] = VIEW[view].href.split('?');
  const query = new URLSearchParams(own);
  for (const name of FILTERS) {
    const value = values[name];
    if (value && value !== DEFAULTS[name] && VIEW[view].fixed[name] === undefined) query.set(name, value);
  }
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `${path}?${text}` : path!;
}
