// Zod schemas of the NOC's status-page verbs: public updates of outages and scheduled maintenance. Shared
// by the routers, the services and the forms. Drizzle-free: client components import this file.
import { z } from 'zod';
import {
  COMPONENT_STATUSES,
  PUBLIC_INCIDENT_STATUSES,
  PUBLIC_TEXT_MAX,
} from '../../../workflows/status/constants';
import { INT4_MAX, instant, lineText, storableText } from '../kernel/schema-parts';
import { ticketId } from '../tickets/schemas';

/** The longest public incident or maintenance title (the database's CHECK says the same). */
export const PUBLIC_TITLE_MAX = 200;

const publicTitle = (what: string) =>
  lineText().min(1, `Name ${what}`).max(PUBLIC_TITLE_MAX, 'Keep the title under 200 characters');

const publicText = () => storableText().max(PUBLIC_TEXT_MAX, 'Keep the text under 5,000 characters');

/** No service twice in one list: the first repeat is reported on its own row. */
function noRepeats<T>(key: (item: T) => string, message: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', message, path: [i] });
      seen.add(k);
    });
  };
}

// --- Public updates -----------------------------------------------------------------------------

export const componentStatusInput = z.object({
  serviceId: z.uuid('Unknown service'),
  status: z.enum(COMPONENT_STATUSES, 'Choose this service’s status'),
});
export type ComponentStatusInput = z.input<typeof componentStatusInput>;

export const publishUpdateInput = z
  .object({
    ticketId,
    title: publicTitle('the incident as the public will read it'),
    status: z.enum(PUBLIC_INCIDENT_STATUSES, 'Choose the incident’s stage'),
    body: publicText().min(1, 'Say what customers should know'),
    components: z
      .array(componentStatusInput)
      .max(200)
      .default([])
      .superRefine(noRepeats((c) => c.serviceId, 'This service is listed twice')),
  })
  // A resolved incident sets nothing (component-history.ts ends all it set): a service still out would be
  // a contradiction the page could not show.
  .superRefine((v, ctx) => {
    if (v.status !== 'resolved') return;
    v.components.forEach((c, i) => {
      if (c.status !== 'operational')
        ctx.addIssue({
          code: 'custom',
          message: 'Once resolved, every service listed must be operational',
          path: ['components', i, 'status'],
        });
    });
  });
export type PublishUpdateInput = z.input<typeof publishUpdateInput>;

export const listUpdatesInput = z.object({ ticketId });
export type ListUpdatesInput = z.input<typeof listUpdatesInput>;

// --- Scheduled maintenance ----------------------------------------------------------------------

export const maintenanceId = z.uuid('Unknown maintenance');
/** The version the user loaded; a stale one answers CONFLICT. */
const expectedVersion = z.number().int().positive().max(INT4_MAX).optional();

export const scheduleMaintenanceInput = z
  .object({
    organisationId: z.uuid('Choose a customer'),
    title: publicTitle('the maintenance'),
    body: publicText().default(''),
    scheduledFor: instant('the start'),
    scheduledUntil: instant('the end'),
    serviceIds: z
      .array(z.uuid('Unknown service'))
      .min(1, 'Choose at least one service')
      .max(200)
      .superRefine(noRepeats((id) => id, 'This service is listed twice')),
  })
  .refine((v) => v.scheduledUntil.getTime() > v.scheduledFor.getTime(), {
    message: 'The window must end after it starts',
    path: ['scheduledUntil'],
  });
export type ScheduleMaintenanceInput = z.input<typeof scheduleMaintenanceInput>;

/** Start now, complete, cancel: an optional note for the public, against the version loaded. */
export const maintenanceTransitionInput = z.object({
  id: maintenanceId,
  expectedVersion,
  body: publicText().default(''),
});
export type MaintenanceTransitionInput = z.input<typeof maintenanceTransitionInput>;

export const listMaintenancesInput = z.object({
  /** Absent: every organisation's. */
  organisationId: z.uuid().optional(),
  /** How many finished (completed or cancelled) windows to list. */
  recent: z.number().int().min(0).max(100).default(20),
});
export type ListMaintenancesInput = z.input<typeof listMaintenancesInput>;
